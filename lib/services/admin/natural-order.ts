// Members and groups by name in natural order ("User 2" before "User 10"), sorted and paged by the database
// so that every page continues where the last one stopped. The key is the name lower-cased with each run of
// digits zero-padded to 10 places, computed in the query (SQLite: the natural_key function lib/db/client.ts
// registers; PostgreSQL: two regexp_replace calls) rather than stored, so no migration and no write path has
// to keep a copy up to date. No index serves this order: a page sorts the workspace's matching rows, which
// takes milliseconds for thousands of members; the members list's default order (user name, ascending) keeps
// its index (members.ts listMembers).
// Pages are keyset ones on (key, id), like the other lists.
import { database, getDb, type Db } from "@/lib/db/client";
import { SQLITE_NATURAL_KEY } from "@/lib/db/sql-functions";
import { foldCase } from "@/lib/scim/fold";
import { SqlBuilder } from "@/lib/services/scim/sql";
import { decodeCursor, toPage, type Page, type PageRequest } from "./keyset";
import { listSelect, tokenLabelsIn, type MemberFilter, type MemberListRow } from "./members";
import { groupSelect, type GroupListRow } from "./groups";
import { searchText } from "./text-match";

export type SortDir = "asc" | "desc";

/** The name the members table shows (members-table.tsx memberName), in SQL. */
const MEMBER_NAME = `COALESCE(NULLIF("displayName", ''), NULLIF(TRIM(COALESCE("givenName", '') || ' ' || COALESCE("familyName", '')), ''), "userName")`;

function naturalKeySql(b: SqlBuilder, expr: string): string {
  return b.provider === "postgres"
    ? // pad every digit run with 10 zeros, then keep its last 10 digits (longer numbers stay whole)
      `regexp_replace(regexp_replace(LOWER(${expr}), '[0-9]+', '0000000000\\&', 'g'), '0*([0-9]{10})', '\\1', 'g')`
    : `${SQLITE_NATURAL_KEY}(${expr})`;
}

const likeArg = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface Keyed {
  id: string;
  k: string;
}

/** The ids of one page, in order, with their keys; `where` holds the list's own conditions. */
async function pageKeys(
  db: Db,
  b: SqlBuilder,
  table: "Member" | "Group",
  key: string,
  where: string[],
  page: PageRequest,
  dir: SortDir,
) {
  const after = decodeCursor(page.after, 2);
  const before = after ? null : decodeCursor(page.before, 2);
  const cursor = after ?? before;
  // reading backwards (before) walks the order the other way
  const forward = (dir === "asc") === !before;
  const cmp = forward ? ">" : "<";
  const conds = [...where];
  if (cursor) {
    const [k, id] = cursor.map(String);
    conds.push(`(${key} ${cmp} ${b.param(k)} OR (${key} = ${b.param(k)} AND "id" ${cmp} ${b.param(id)}))`);
  }
  const order = forward ? "ASC" : "DESC";
  const { sql, params } = b.finalize(
    `SELECT "id", ${key} AS "k" FROM "${table}" WHERE ${conds.join(" AND ")} ORDER BY "k" ${order}, "id" ${order} LIMIT ${page.size + 1}`,
  );
  const rows = await db.$queryRawUnsafe<Keyed[]>(sql, ...params);
  return { rows, req: { ...page, after: after ? page.after : null, before: before ? page.before : null } };
}

function memberConditions(b: SqlBuilder, workspaceId: string, f: MemberFilter): string[] {
  const where = [`"workspaceId" = ${b.param(workspaceId)}`];
  if (f.status) where.push(`"status" = ${b.param(f.status)}`);
  if (f.role) where.push(`"role" = ${b.param(f.role)}`);
  if (f.source) where.push(`"source" = ${b.param(f.source)}`);
  const q = searchText(f.q);
  if (q) {
    // as memberWhere: folded user name and email, names case-insensitively (SQLite's LIKE ignores ASCII case)
    const like = b.provider === "postgres" ? "ILIKE" : "LIKE";
    const folded = b.param(likeArg(foldCase(q)));
    const text = b.param(likeArg(q));
    where.push(
      `("userNameLower" LIKE ${folded} ESCAPE '\\' OR "emailLower" LIKE ${folded} ESCAPE '\\'` +
        ["displayName", "givenName", "familyName"].map((c) => ` OR "${c}" ${like} ${text} ESCAPE '\\'`).join("") +
        ")",
    );
  }
  return where;
}

/** The members table's sortable columns: the shown name (natural order) and the user name. */
export const MEMBER_SORTS = ["name", "userName"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

const memberKey = (b: SqlBuilder, sort: MemberSort) =>
  sort === "name" ? naturalKeySql(b, MEMBER_NAME) : `"userNameLower"`;

/** One page of members by name in natural order, or by user name; either way. */
export async function listMembersSorted(
  workspaceId: string,
  f: MemberFilter,
  page: PageRequest,
  sort: MemberSort,
  dir: SortDir,
): Promise<Page<MemberListRow>> {
  const db = await getDb();
  const b = new SqlBuilder(database().provider);
  const { rows: keys, req } = await pageKeys(
    db,
    b,
    "Member",
    memberKey(b, sort),
    memberConditions(b, workspaceId, f),
    page,
    dir,
  );
  const found = await db.member.findMany({
    where: { workspaceId, id: { in: keys.map((r) => r.id) } },
    select: listSelect,
  });
  const byId = new Map(found.map((r) => [r.id, r]));
  const labels = await tokenLabelsIn(
    db,
    workspaceId,
    found.map((r) => r.scimTokenId),
  );
  const rows = keys.flatMap(({ id, k }) => {
    const r = byId.get(id);
    return r ? [{ ...r, tokenLabel: r.scimTokenId ? (labels.get(r.scimTokenId) ?? null) : null, sortKey: k }] : [];
  });
  const out = toPage(rows, req, (r) => [r.sortKey, r.id]);
  return { ...out, rows: out.rows.map(({ sortKey: _k, ...r }) => r) };
}

/** How many members matching the filter come before this one in that order (the page's "51–100 of …"). */
export async function countMembersBeforeSorted(
  workspaceId: string,
  f: MemberFilter,
  memberId: string,
  sort: MemberSort,
  dir: SortDir,
): Promise<number> {
  const db = await getDb();
  const b = new SqlBuilder(database().provider);
  const key = memberKey(b, sort);
  const cmp = dir === "asc" ? "<" : ">";
  // the first row's key, computed by the same expression
  const firstKey = `(SELECT ${key} FROM "Member" WHERE "workspaceId" = ${b.param(workspaceId)} AND "id" = ${b.param(memberId)})`;
  const where = [
    ...memberConditions(b, workspaceId, f),
    `(${key} ${cmp} ${firstKey} OR (${key} = ${firstKey} AND "id" ${cmp} ${b.param(memberId)}))`,
  ];
  const { sql, params } = b.finalize(`SELECT COUNT(*) AS "n" FROM "Member" WHERE ${where.join(" AND ")}`);
  const [row] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(sql, ...params);
  return Number(row?.n ?? 0);
}

/** One page of groups by name, natural order. */
export async function listGroupsByName(
  workspaceId: string,
  q: string | undefined,
  page: PageRequest,
  dir: SortDir,
): Promise<Page<GroupListRow>> {
  const db = await getDb();
  const b = new SqlBuilder(database().provider);
  const where = [`"workspaceId" = ${b.param(workspaceId)}`];
  const needle = searchText(q)?.toLowerCase();
  if (needle) where.push(`"displayNameLower" LIKE ${b.param(likeArg(needle))} ESCAPE '\\'`);
  const { rows: keys, req } = await pageKeys(db, b, "Group", naturalKeySql(b, `"displayName"`), where, page, dir);
  const found = await db.group.findMany({
    where: { workspaceId, id: { in: keys.map((r) => r.id) } },
    select: groupSelect,
  });
  const byId = new Map(found.map((r) => [r.id, r]));
  const labels = await tokenLabelsIn(
    db,
    workspaceId,
    found.map((r) => r.scimTokenId),
  );
  const rows = keys.flatMap(({ id, k }) => {
    const g = byId.get(id);
    if (!g) return [];
    const { _count, ...rest } = g;
    return [
      {
        ...rest,
        memberCount: _count.members,
        tokenLabel: g.scimTokenId ? (labels.get(g.scimTokenId) ?? null) : null,
        sortKey: k,
      },
    ];
  });
  const out = toPage(rows, req, (r) => [r.sortKey, r.id]);
  return { ...out, rows: out.rows.map(({ sortKey: _k, ...r }) => r) };
}
