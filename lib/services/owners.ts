// The rule every path that changes an owner obeys (SCIM and the admin UI alike): a workspace always keeps
// at least one active owner. Checks run inside the transaction that makes the change, after taking a
// per-workspace lock, so two concurrent changes can't each see the other owner as still active.
// The admin UI runs in Prisma transactions, SCIM in driver-level ones (lib/db/sql.ts); both take the same
// lock. On SQLite both kinds of transaction share the one connection and never overlap.
import type { Db } from "@/lib/db/client";
import { database } from "@/lib/db/client";
import type { Work } from "@/lib/db/sql";
import type { Provider } from "@/lib/db/url";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext($1))`;
const lockKey = (workspaceId: string) => `workspace-owners:${workspaceId}`;

/** PostgreSQL: a transaction-scoped advisory lock per workspace. SQLite runs one write transaction at a
 * time anyway. */
export async function lockWorkspaceOwnersIn(tx: Tx, workspaceId: string) {
  if (database().provider !== "postgres") return;
  await tx.$executeRawUnsafe(LOCK_SQL, lockKey(workspaceId));
}

/** Locks, then counts the active owners other than `memberId`. */
export async function otherActiveOwnersIn(tx: Tx, workspaceId: string, memberId: string): Promise<number> {
  await lockWorkspaceOwnersIn(tx, workspaceId);
  return tx.member.count({ where: { workspaceId, role: "owner", status: "active", id: { not: memberId } } });
}

/** otherActiveOwners as driver-level work, for a transaction of lib/db/sql.ts. */
export function* otherActiveOwnersWork(provider: Provider, workspaceId: string, memberId: string): Work<number> {
  if (provider === "postgres") yield { text: LOCK_SQL, params: [lockKey(workspaceId)] };
  const p = provider === "postgres" ? ["$1", "$2"] : ["?", "?"];
  const { rows } = yield {
    text: `SELECT COUNT(*) AS n FROM "Member" WHERE "workspaceId" = ${p[0]} AND "role" = 'owner' AND "status" = 'active' AND "id" <> ${p[1]}`,
    params: [workspaceId, memberId],
  };
  return Number(rows[0]?.n ?? 0);
}
