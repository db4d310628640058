// Single-use keys in the database (SsoNonce), shared by every server: pending SAML request ids, pending
// OIDC states, consumed assertion ids. `take` deletes and returns in one statement, so a key is used once.
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/services/errors";

export async function putNonce(db: Db, key: string, workspaceId: string, value: string, ttlMs: number): Promise<boolean> {
  await sweep(db);
  try {
    await db.ssoNonce.create({ data: { key, workspaceId, value, expiresAt: new Date(Date.now() + ttlMs) } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function peekNonce(db: Db, key: string): Promise<string | null> {
  const row = await db.ssoNonce.findUnique({ where: { key } });
  return row && row.expiresAt > new Date() ? row.value : null;
}

/** Removes the key and returns its value; null when absent or expired (or already taken). */
export async function takeNonce(db: Db, key: string): Promise<string | null> {
  const row = await db.ssoNonce.findUnique({ where: { key } });
  if (!row) return null;
  const { count } = await db.ssoNonce.deleteMany({ where: { key } });
  if (count !== 1 || row.expiresAt <= new Date()) return null;
  return row.value;
}

let lastSweep = 0;
/** Deletes expired keys, at most once a minute per process. */
async function sweep(db: Db) {
  const now = Date.now();
  if (now - lastSweep < 60_000) return;
  lastSweep = now;
  await db.ssoNonce.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.ssoLoginTicket.deleteMany({ where: { expiresAt: { lt: new Date(now - 3_600_000) } } });
}
