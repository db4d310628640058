// Single-use keys in the database (SsoNonce), shared by every server: pending SAML request ids, pending
// sign-in flows, consumed assertion ids. `take` deletes and returns in one statement, so a key is used once.
import { getDb, type Db } from "@/lib/db/client";
import type { ReplayStore } from "@/lib/sso/replay-store";
import { isUniqueViolation } from "../errors";

/** The store for one workspace's keys (the workspace is recorded with each key it puts). */
export function replayStore(workspaceId: string): ReplayStore {
  return {
    async put(key, value, ttlMs) {
      const db = await getDb();
      await sweep(db);
      try {
        await db.ssoNonce.create({ data: { key, workspaceId, value, expiresAt: new Date(Date.now() + ttlMs) } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async peek(key) {
      const row = await (await getDb()).ssoNonce.findUnique({ where: { key } });
      return row && row.expiresAt > new Date() ? row.value : null;
    },
    async take(key) {
      const db = await getDb();
      const row = await db.ssoNonce.findUnique({ where: { key } });
      if (!row) return null;
      const { count } = await db.ssoNonce.deleteMany({ where: { key } });
      if (count !== 1 || row.expiresAt <= new Date()) return null;
      return row.value;
    },
  };
}

let lastSweep = 0;
/** Deletes expired keys (and login tickets an hour past their expiry), at most once a minute per process. */
async function sweep(db: Db) {
  const now = Date.now();
  if (now - lastSweep < 60_000) return;
  lastSweep = now;
  await db.ssoNonce.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db.ssoLoginTicket.deleteMany({ where: { expiresAt: { lt: new Date(now - 3_600_000) } } });
}
