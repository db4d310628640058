// Deep pages of an unfiltered SCIM Users list (Okta's import reads the whole directory with startIndex and
// count=200) without OFFSET: OFFSET walks every member before the page (200+ ms at 900 000 members on
// PostgreSQL, and COUNT(*) for totalResults cost as much again). Instead:
// - totalResults is the member count the triggers keep (WorkspaceMemberCount, prisma/models/counts.prisma);
// - after a full page, the key (createdAt, id) of its last row is kept as the cursor for the page that
//   follows (ScimPageCursor), with the workspace's member `changes` at that moment. A request for that next
//   startIndex, while `changes` is unchanged (no member added or removed, so every position is the same),
//   reads the rows after the key through the (workspaceId, createdAt, id) index: exactly the page OFFSET
//   would return, at the cost of a shallow page. Otherwise it falls back to OFFSET.
// The cursor lives in the database, so the next page may be served by any instance.
import type { Row, Work } from "@/lib/db/sql";
import { LISTED_MEMBER_COLUMNS, MEMBER_FROM, membersOfPage } from "./rows";
import type { ScimScope } from "./scope";

const CURSOR_TTL_MS = 60 * 60_000;
const SWEEP_EVERY_MS = 10 * 60_000;

type Ph = (i: number) => string;
const placeholder =
  (scope: ScimScope): Ph =>
  (i) =>
    scope.provider === "postgres" ? `$${i}` : "?";

/** One page of the workspace's members in the default order (createdAt, id), as LISTED_MEMBER_COLUMNS rows, with
 * their total. Three statements for a page that continues the one before: the totals and the cursor,
 * the rows, the next cursor. */
export function* defaultOrderPage(
  scope: ScimScope,
  startIndex: number,
  count: number,
): Work<{ totalResults: number; rows: Row[] }> {
  const p = placeholder(scope);
  // The member count and change counter (sums over the counter's slots) and the cursor kept for this
  // startIndex, if any, in one round trip.
  const head = (yield {
    text:
      `SELECT s."n", s."changes", c."lastCreatedAt", c."lastId", c."changes" AS "cursorChanges" ` +
      `FROM (SELECT COALESCE(SUM("n"), 0) AS "n", COALESCE(SUM("changes"), 0) AS "changes" FROM "WorkspaceMemberCount" WHERE "workspaceId" = ${p(1)}) s ` +
      `LEFT JOIN "ScimPageCursor" c ON c."workspaceId" = ${p(2)} AND c."position" = ${p(3)}`,
    params: [scope.workspaceId, scope.workspaceId, startIndex],
  }).rows[0];
  const total = Number(head?.n ?? 0);
  const changes = Number(head?.changes ?? 0);
  let rows: Row[] | undefined;
  if (startIndex > 1 && head?.lastId != null && Number(head.cursorChanges) === changes) {
    rows = (yield {
      text: `SELECT ${LISTED_MEMBER_COLUMNS} FROM ${MEMBER_FROM} WHERE m."workspaceId" = ${p(1)} AND (m."createdAt", m."id") > (${p(2)}, ${p(3)}) ORDER BY m."createdAt" ASC, m."id" ASC LIMIT ${p(4)}`,
      params: [scope.workspaceId, head.lastCreatedAt, head.lastId, count],
    }).rows;
  }
  rows ??= (yield {
    text: membersOfPage(
      `SELECT m."id" FROM "Member" m WHERE m."workspaceId" = ${p(1)} ORDER BY m."createdAt" ASC, m."id" ASC LIMIT ${p(2)} OFFSET ${p(3)}`,
      `m."createdAt" ASC, m."id" ASC`,
    ),
    params: [scope.workspaceId, count, startIndex - 1],
  }).rows;
  if (rows.length === count) {
    const last = rows[rows.length - 1];
    const now = new Date();
    yield {
      text:
        `INSERT INTO "ScimPageCursor" ("workspaceId", "position", "lastCreatedAt", "lastId", "changes", "createdAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}) ` +
        `ON CONFLICT ("workspaceId", "position") DO UPDATE SET "lastCreatedAt" = excluded."lastCreatedAt", "lastId" = excluded."lastId", "changes" = excluded."changes", "createdAt" = excluded."createdAt"`,
      params: [scope.workspaceId, startIndex + count, last.createdAt, last.id, changes, now],
    };
    yield* sweep(scope, now.getTime());
  }
  // (never fewer than the page shows, should members be added between the statements)
  return { totalResults: Math.max(total, rows.length ? startIndex - 1 + rows.length : 0), rows };
}

let lastSweep = 0;
/** Cursors older than an hour go, at most every 10 minutes per process. */
function* sweep(scope: ScimScope, now: number): Work<void> {
  if (now - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now;
  yield {
    text: `DELETE FROM "ScimPageCursor" WHERE "createdAt" < ${placeholder(scope)(1)}`,
    params: [new Date(now - CURSOR_TTL_MS)],
  };
}
