// Encrypts secrets at rest (the OIDC client secret) with AES-256-GCM under a key derived from
// AUTH_SECRET by HKDF. Changing AUTH_SECRET makes stored secrets unreadable: admins re-enter them.
import crypto from "node:crypto";
import { authSecret } from "@/lib/config";

function key(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", authSecret(), "workspace-sso", "secret-box v1", 32));
}

export function seal(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url")}`;
}

/** The plain text, or null when it cannot be decrypted (other AUTH_SECRET, tampered). */
export function open(sealed: string): string | null {
  if (!sealed.startsWith("v1.")) return null;
  const raw = Buffer.from(sealed.slice(3), "base64url");
  if (raw.length < 28) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function sha256Hex(s: string): string {
  return crypto.createHash("sha256").update(s).digest("hex");
}
