// Runs a SCIM list query (filter, sort, page) as SQL and returns the page's rows plus the total.
import type { Row, Work } from "@/lib/db/sql";
import type { AttrPath, Filter } from "@/lib/scim/filter/ast";
import type { ResourceTypeName } from "@/lib/scim/schema";
import { groupsOfPage, membersOfPage } from "./rows";
import { groupsColumn } from "./render";
import { SqlBuilder, compileFilter, sortExpression } from "./sql";
import type { ScimScope } from "./scope";
import { defaultOrderPage } from "./page-cursor";

export interface ListQuery {
  filter?: Filter;
  startIndex: number;
  count: number;
  sortBy?: AttrPath;
  sortOrder: "ascending" | "descending";
}

/** A type's table, under the alias its filters and sorts name (`ref`), and the statement that reads the
 * rows of a page of its ids. */
const SOURCES: Record<
  ResourceTypeName,
  { table: string; ref: string; rowsOf: (ids: string, order: string, more?: string) => string }
> = {
  User: { table: `"Member" m`, ref: "m", rowsOf: membersOfPage },
  Group: { table: `"Group" g`, ref: "g", rowsOf: groupsOfPage },
};

/** One page of a list, as rows of LISTED_MEMBER_COLUMNS or GROUP_COLUMNS, in page order. `memberGroups`
 * (Users): a filtered or sorted page brings each member's groups in the same statement (render.ts,
 * groupsColumn), so Entra's lookup of a user who exists needs no second statement for them; a page in the
 * default order (defaultOrderPage) leaves them to renderUsers' one query. */
export function* queryPage(
  scope: ScimScope,
  type: ResourceTypeName,
  q: ListQuery,
  opts: { memberGroups?: boolean } = {},
): Work<{ totalResults: number; rows: Row[] }> {
  // Users in the default order, unfiltered (an IdP's import): counted and paged without COUNT(*) or OFFSET.
  if (
    type === "User" &&
    !q.filter &&
    !q.sortBy &&
    q.sortOrder === "ascending" &&
    q.count > 0 &&
    Number.isSafeInteger(q.startIndex) &&
    q.startIndex <= 2 ** 31 - 1 - q.count
  ) {
    return yield* defaultOrderPage(scope, q.startIndex, q.count);
  }
  const source = SOURCES[type];
  const b = new SqlBuilder(scope.provider);
  const ctx = { type, table: source.ref, b };
  let where = `${source.ref}."workspaceId" = ${b.param(scope.workspaceId)}`;
  if (q.filter) where += ` AND ${compileFilter(q.filter, ctx)}`;
  const sort = sortExpression(type, q.sortBy, ctx);

  let rows: Row[] = [];
  // A startIndex past any possible row count (1e20 from a fuzzer) is no OFFSET either database takes: the
  // page is empty, and COUNT below gives the total.
  if (q.count > 0 && Number.isSafeInteger(q.startIndex)) {
    const dir = q.sortOrder === "descending" ? "DESC" : "ASC";
    const { ref } = source;
    const order = [sort ? `${sort} ${dir}` : null, `${ref}."createdAt" ${sort ? "ASC" : dir}`, `${ref}."id" ASC`]
      .filter(Boolean)
      .join(", ");
    const page = b.finalize(
      source.rowsOf(
        `SELECT ${ref}."id" FROM ${source.table} WHERE ${where} ORDER BY ${order} LIMIT ${b.param(q.count)} OFFSET ${b.param(q.startIndex - 1)}`,
        order,
        type === "User" && opts.memberGroups ? `, ${groupsColumn(scope.workspaceId, b)}` : "",
      ),
    );
    rows = (yield { text: page.sql, params: page.params }).rows;
    // A page with fewer than `count` rows ends the result set, so the total is known without a COUNT: the
    // rows before the page plus the page. (Entra's lookups by userName or displayName, the most frequent
    // list request, always end here.) An empty page after startIndex 1 says nothing about the total.
    if (rows.length < q.count && (rows.length > 0 || q.startIndex === 1))
      return { totalResults: q.startIndex - 1 + rows.length, rows };
  }
  // Every member of the workspace: the count the triggers keep (prisma/models/counts.prisma), a few rows
  // instead of COUNT(*) over every member (60–190 ms at 1 M users on PostgreSQL).
  const count =
    type === "User" && !q.filter
      ? b.finalize(
          `SELECT COALESCE(SUM("n"), 0) AS n FROM "WorkspaceMemberCount" WHERE "workspaceId" = ${b.param(scope.workspaceId)}`,
        )
      : b.finalize(`SELECT COUNT(*) AS n FROM ${source.table} WHERE ${where}`);
  const countRows = (yield { text: count.sql, params: count.params }).rows;
  // (never fewer than the page shows, should rows disappear between the two statements)
  return {
    totalResults: Math.max(Number(countRows[0]?.n ?? 0), rows.length ? q.startIndex - 1 + rows.length : 0),
    rows,
  };
}
