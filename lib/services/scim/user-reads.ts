// How a user's row is read: inside a unit of work (`findUser`, with the row lock when it must hold), or
// outside one (`readUser`: GET /Users/{id}, and the optimistic first try of a PATCH or PUT), which on
// PostgreSQL the requests asking at the same moment share (lib/services/shared-reads.ts).
import type { Sql, Work } from "@/lib/db/sql";
import { readShared, type SharedRead } from "../shared-reads";
import { groupsColumn, groupsColumnOwnWorkspace } from "./render";
import { MEMBER_COLUMNS, MEMBER_FROM, byIdInWorkspace, select, toMember, type MemberRow } from "./rows";
import type { ScimScope } from "./scope";

export interface ReadOptions {
  /** with the member's groups (`memberGroups`), for an answer that shows them */
  groups?: boolean;
}

/** One member of the workspace with the manager's names. `lock` (PostgreSQL, inside a transaction) locks
 * the member's row for the rest of the transaction, so concurrent writes to one user queue up instead of
 * overwriting each other; NO KEY UPDATE leaves membership inserts (FK checks) alone. */
export function* findUser(
  scope: ScimScope,
  id: string,
  opts: ReadOptions & { lock?: boolean } = {},
): Work<MemberRow | null> {
  const lock = opts.lock && scope.provider === "postgres" ? " FOR NO KEY UPDATE OF m" : "";
  const rows = yield* select(
    scope.provider,
    (b) =>
      `SELECT ${MEMBER_COLUMNS}${opts.groups ? `, ${groupsColumn(scope.workspaceId, b)}` : ""} FROM ${MEMBER_FROM} ` +
      `WHERE ${byIdInWorkspace(id, scope.workspaceId, b, "m")}${lock}`,
  );
  return rows.length ? toMember(rows[0]) : null;
}

/** Members of several workspaces in one statement: each request's key names its own workspace, so every
 * row read is one the asking request's workspace owns. */
function members(groups: boolean, by: "id" | "userNameLower"): SharedRead<{ workspaceId: string; value: string }> {
  return {
    text:
      `SELECT ${MEMBER_COLUMNS}${groups ? `, ${groupsColumnOwnWorkspace("postgres")}` : ""} FROM ${MEMBER_FROM} ` +
      `WHERE (m."workspaceId", m."${by}") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    params: (keys) => [keys.map((k) => k.workspaceId), keys.map((k) => k.value)],
    keyOf: (k) => JSON.stringify([k.workspaceId, k.value]),
    rowKey: (row) => JSON.stringify([row.workspaceId, row[by]]),
  };
}
const BY_ID = { true: members(true, "id"), false: members(false, "id") };
const BY_USERNAME = { true: members(true, "userNameLower"), false: members(false, "userNameLower") };

/** One member of the workspace, read on its own (not in a transaction): on PostgreSQL shared with the
 * requests that ask at the same moment, as fresh as a read of its own (shared-reads.ts). */
export async function readUser(
  sql: Sql,
  scope: ScimScope,
  id: string,
  opts: ReadOptions = {},
): Promise<MemberRow | null> {
  // SQLite reads in-process in tens of microseconds: nothing to share.
  if (sql.provider !== "postgres") return sql.query(() => findUser(scope, id, opts));
  return shared(sql, BY_ID[`${!!opts.groups}`], scope, id);
}

/** The member whose userName folds to `folded` (Entra's and Okta's lookup before a create), shared like
 * `readUser`. PostgreSQL only: SQLite runs the lookup as the list query it is. */
export async function readUserByName(sql: Sql, scope: ScimScope, folded: string, opts: ReadOptions = {}) {
  return shared(sql, BY_USERNAME[`${!!opts.groups}`], scope, folded);
}

async function shared(sql: Sql, read: ReturnType<typeof members>, scope: ScimScope, value: string) {
  const row = await readShared(sql, read, { workspaceId: scope.workspaceId, value });
  // Requests for the same member get the same row: each converts its own copy (toMember converts in place).
  return row ? toMember({ ...row }) : null;
}
