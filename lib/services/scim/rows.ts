// SCIM rows through the driver-level SQL of lib/db/sql.ts: parameterised statements built with SqlBuilder
// (`?` on SQLite, `$n` on PostgreSQL) and rows mapped back to the shapes Prisma returns (Dates, booleans,
// numbers), so the pure resource code renders them exactly as before and Prisma reads what this writes.
import type { Group, Member } from "@/generated/sqlite/client";
import { Prisma } from "@/generated/sqlite/browser";
import { toBool, toDate, type Query, type Row, type Work } from "@/lib/db/sql";
import type { Provider } from "@/lib/db/url";
import { SqlBuilder } from "./sql";

type Manager = {
  manager: { displayName: string | null; userName: string } | null;
  /** the member's groups, when the statement that read the row brought them (render.ts, groupsColumn) */
  memberGroups?: { id: string; displayName: string }[];
};
export type MemberRow = Member & Manager;
/** What a list page reads of each member: what its resource renders and the provisioning log notes. Half
 * the columns of a MemberRow, which took a fifth off the CPU of a 200-user page (BENCHMARKS.md). */
const LISTED = [
  "id",
  "userName",
  "externalId",
  "displayName",
  "attributes",
  "active",
  "createdAt",
  "updatedAt",
  "version",
  "managerId",
] as const;
export type ListedMember = Pick<Member, (typeof LISTED)[number]> & Manager;
export type GroupRow = Group;

/** A statement whose parameters are placed with `b.param(…)` while the text is built; null when `build`
 * finds nothing to do. */
export function statementOrNull(provider: Provider, build: (b: SqlBuilder) => string | null): Query | null {
  const b = new SqlBuilder(provider);
  const text = build(b);
  if (text === null) return null;
  const q = b.finalize(text);
  return { text: q.sql, params: q.params };
}

/** A statement whose parameters are placed with `b.param(…)` while the text is built. */
export const statement = (provider: Provider, build: (b: SqlBuilder) => string): Query =>
  statementOrNull(provider, build)!;

/** The rows of a SELECT built with `build`. */
export function* select(provider: Provider, build: (b: SqlBuilder) => string): Work<Row[]> {
  return (yield statement(provider, build)).rows;
}

/** The number of rows an INSERT, UPDATE or DELETE built with `build` changed. */
export function* execute(provider: Provider, build: (b: SqlBuilder) => string): Work<number> {
  return (yield statement(provider, build)).changes;
}

/** `INSERT INTO "table" (…) VALUES (…)` of `data`, every value a parameter; `expressions` are columns whose
 * value is SQL (a subquery), built with the same builder. */
export function insertInto(
  table: string,
  data: Record<string, unknown>,
  b: SqlBuilder,
  expressions: Record<string, string> = {},
): string {
  const keys = Object.keys(data);
  const names = [...keys, ...Object.keys(expressions)].map((k) => `"${k}"`).join(", ");
  const values = [...keys.map((k) => b.param(data[k])), ...Object.values(expressions)].join(", ");
  return `INSERT INTO "${table}" (${names}) VALUES (${values})`;
}

/** `"col" = value, …` of `data` for an UPDATE, every value a parameter. */
export function setList(data: Record<string, unknown>, b: SqlBuilder): string {
  return Object.entries(data)
    .map(([k, v]) => `"${k}" = ${b.param(v)}`)
    .join(", ");
}

export const inList = (ids: string[], b: SqlBuilder) => ids.map((id) => b.param(id)).join(", ");

/** `column = workspaceId` for a query that selects rows by key (a user or group by id, `id IN (…)`, a
 * member's or a group's memberships), as a plain filter that no plan can use as an index condition.
 * Without statistics both databases prefer the `(workspaceId, …)` indexes, which cover the whole workspace:
 * - SQLite (no statistics unless ANALYZE ran) scanned all 1 M members of a workspace to render one page
 *   of 100 (700 ms); its unary `+` keeps the term out of index selection.
 * - PostgreSQL before its first ANALYZE of a table (a fresh install's first sync, or autovacuum off) ANDed
 *   the `GroupMember.workspaceId` index with the `memberId` one: 38–60 ms to find one member's groups at
 *   200 k memberships, in every user PATCH's answer (BENCHMARKS.md, the 100 k-user cycle); `|| ''` does
 *   for PostgreSQL what `+` does for SQLite. It also found a group by id through the
 *   `(workspaceId, displayNameLower)` index, walking every group of the workspace and the old versions
 *   that each member add leaves: 0.25 ms and 200 buffers per member add at 50 groups, against 0.10 ms and
 *   35 by the primary key. */
export function sameWorkspace(column: string, workspaceId: string, b: SqlBuilder): string {
  return b.provider === "sqlite"
    ? `+${column} = ${b.param(workspaceId)}`
    : `(${column} || '') = ${b.param(workspaceId)}`;
}

/** One row by its primary key within the workspace: `id = …` and the workspace as `sameWorkspace`, so the
 * plan is the primary key's whatever the statistics (`alias`: the table's alias in the statement). */
export function byIdInWorkspace(id: string, workspaceId: string, b: SqlBuilder, alias?: string): string {
  const ref = alias ? `${alias}.` : "";
  return `${ref}"id" = ${b.param(id)} AND ${sameWorkspace(`${ref}"workspaceId"`, workspaceId, b)}`;
}

/** Every column of a model, by name: never `*`, so that a migration adding a column cannot change the
 * result type of a prepared statement under a running server (lib/db/sql.ts, PreparedStatements). */
const columnList = (fields: Record<string, string>, alias?: string) =>
  Object.values(fields)
    .map((f) => (alias ? `${alias}."${f}"` : `"${f}"`))
    .join(", ");

/** A member with its manager's names (for `manager.displayName`), aliased `m`. */
export const MEMBER_FROM = `"Member" m LEFT JOIN "Member" mgr ON mgr."id" = m."managerId"`;
const MANAGER_COLUMNS = `mgr."displayName" AS "mgrDisplayName", mgr."userName" AS "mgrUserName"`;
export const MEMBER_COLUMNS = `${columnList(Prisma.MemberScalarFieldEnum, "m")}, ${MANAGER_COLUMNS}`;
/** A listed member's columns, of MEMBER_FROM. */
export const LISTED_MEMBER_COLUMNS = `${LISTED.map((f) => `m."${f}"`).join(", ")}, ${MANAGER_COLUMNS}`;
/** A member row's columns, for RETURNING. */
export const MEMBER_ROW = columnList(Prisma.MemberScalarFieldEnum);
/** A group row's columns. */
export const GROUP_ROW = columnList(Prisma.GroupScalarFieldEnum);
/** A group row's columns, of `"Group" g`. */
export const GROUP_COLUMNS = columnList(Prisma.GroupScalarFieldEnum, "g");

// A list page in one statement: the subquery `ids` selects the page's `"id"`s (with its WHERE, ORDER BY,
// LIMIT and OFFSET), walking an index past the OFFSET rows without reading them; whole rows are read for
// the page alone, in `order` (the subquery's ORDER BY, over the alias m or g).
/** LISTED_MEMBER_COLUMNS of the members `ids` selects (and `more`, columns of m: their groups). */
export const membersOfPage = (ids: string, order: string, more = "") =>
  `SELECT ${LISTED_MEMBER_COLUMNS}${more} FROM (${ids}) page JOIN "Member" m ON m."id" = page."id" LEFT JOIN "Member" mgr ON mgr."id" = m."managerId" ORDER BY ${order}`;
/** GROUP_COLUMNS of the groups `ids` selects. */
export const groupsOfPage = (ids: string, order: string) =>
  `SELECT ${GROUP_COLUMNS} FROM (${ids}) page JOIN "Group" g ON g."id" = page."id" ORDER BY ${order}`;

/** A member row from the driver, converted in place: the row object is the caller's alone, and copying its
 * ~25 columns was a tenth of rendering a 200-user page. (The manager's two columns, and `groupsJson` once
 * parsed, stay on it, unused: deleting a property would turn the object into a slower dictionary.) */
function convertMember(r: Row): ListedMember {
  const row = r as unknown as ListedMember;
  row.active = toBool(r.active);
  row.version = Number(r.version);
  row.createdAt = toDate(r.createdAt);
  row.updatedAt = toDate(r.updatedAt);
  row.manager =
    r.mgrUserName == null
      ? null
      : { displayName: (r.mgrDisplayName as string | null) ?? null, userName: r.mgrUserName as string };
  if (typeof r.groupsJson === "string") {
    const pairs = JSON.parse(r.groupsJson) as [string, string][];
    row.memberGroups = pairs.map(([id, displayName]) => ({ id, displayName }));
  }
  return row;
}

/** A row of MEMBER_COLUMNS or MEMBER_ROW. */
export const toMember = (r: Row): MemberRow => convertMember(r) as MemberRow;
/** A row of LISTED_MEMBER_COLUMNS. */
export const toListedMember = (r: Row): ListedMember => convertMember(r);

export function toGroup(r: Row): GroupRow {
  return {
    ...(r as unknown as Group),
    version: Number(r.version),
    createdAt: toDate(r.createdAt),
    updatedAt: toDate(r.updatedAt),
  };
}
