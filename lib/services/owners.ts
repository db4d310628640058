// The rule every path that changes an owner obeys (SCIM and the admin UI alike): a workspace always keeps
// at least one active owner. Checks run inside the transaction that makes the change, after taking a
// per-workspace lock, so two concurrent changes can't each see the other owner as still active.
import type { Db } from "@/lib/db/client";
import { database } from "@/lib/db/client";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** PostgreSQL: a transaction-scoped advisory lock per workspace. SQLite runs one write transaction at a
 * time anyway. */
export async function lockWorkspaceOwners(tx: Tx, workspaceId: string) {
  if (database().provider !== "postgres") return;
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `workspace-owners:${workspaceId}`);
}

/** Locks, then counts the active owners other than `memberId`. */
export async function otherActiveOwners(tx: Tx, workspaceId: string, memberId: string): Promise<number> {
  await lockWorkspaceOwners(tx, workspaceId);
  return tx.member.count({ where: { workspaceId, role: "owner", status: "active", id: { not: memberId } } });
}
