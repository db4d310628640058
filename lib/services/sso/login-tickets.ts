// The one-time login ticket an SSO response ends with: valid 60 s, redeemed once by next-auth's "sso"
// provider, and only in the browser whose binding cookie started the flow (its hash is stored).
import crypto from "node:crypto";
import { getDb } from "@/lib/db/client";
import { SsoError } from "@/lib/sso/errors";
import { sha256Hex } from "@/lib/sso/secret-box";

export const TICKET_TTL_MS = 60_000;

export async function issueLoginTicket(input: {
  accountId: string;
  workspaceId: string;
  bindingHash: string;
}): Promise<string> {
  const ticket = crypto.randomBytes(32).toString("base64url");
  await (
    await getDb()
  ).ssoLoginTicket.create({
    data: { ...input, tokenHash: sha256Hex(ticket), expiresAt: new Date(Date.now() + TICKET_TTL_MS) },
  });
  return ticket;
}

/** Redeems a ticket once, in the browser that started the flow. Returns the account and workspace. */
export async function redeemLoginTicket(ticket: string, binding: string | undefined) {
  if (!ticket || !binding) throw new SsoError("ticket");
  const db = await getDb();
  const row = await db.ssoLoginTicket.findUnique({ where: { tokenHash: sha256Hex(ticket) } });
  if (!row || row.usedAt || row.expiresAt <= new Date()) throw new SsoError("ticket");
  const a = Buffer.from(row.bindingHash, "hex");
  const b = Buffer.from(sha256Hex(binding), "hex");
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new SsoError("ticket");
  const { count } = await db.ssoLoginTicket.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count !== 1) throw new SsoError("ticket");
  return { accountId: row.accountId, workspaceId: row.workspaceId };
}
