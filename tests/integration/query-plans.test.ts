// Query plans of the SCIM hot path on SQLite, which has no statistics unless ANALYZE ran: selecting rows by
// primary key must use the primary key, not a (workspaceId, …) index that walks the whole workspace (it
// rendered one page of 100 users out of 1 M in 700 ms). PostgreSQL plans with statistics; skipped there.
import { describe, expect, it } from "vitest";
import { database } from "@/lib/db/client";
import { SqlBuilder } from "@/lib/services/scim/sql";
import { MEMBER_COLUMNS, MEMBER_FROM, inList, sameWorkspace } from "@/lib/services/scim/rows";

const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];

async function plan(build: (b: SqlBuilder) => string): Promise<string> {
  const b = new SqlBuilder("sqlite");
  const q = b.finalize(build(b));
  const rows = await database().sql.all(`EXPLAIN QUERY PLAN ${q.sql}`, q.params);
  return rows.map((r) => String(r.detail)).join(" | ");
}

describe.skipIf(database().provider !== "sqlite")("SQLite query plans without statistics", () => {
  it("a plain workspace equality beside `id IN (…)` picks a workspace index (why sameWorkspace exists)", async () => {
    const p = await plan(
      (b) =>
        `SELECT m."id" FROM ${MEMBER_FROM} WHERE m."id" IN (${inList(ids, b)}) AND m."workspaceId" = ${b.param("w")}`,
    );
    expect(p).toMatch(/SEARCH m USING (COVERING )?INDEX Member_workspaceId/);
  });

  it("members by id (list pages, PATCH member checks) use the primary key", async () => {
    const p = await plan(
      (b) =>
        `SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM} WHERE m."id" IN (${inList(ids, b)}) AND ${sameWorkspace(`m."workspaceId"`, "w", b)}`,
    );
    expect(p).toMatch(/SEARCH m USING INDEX sqlite_autoindex_Member_1 \(id=\?\)/);
  });

  it("groups of members use the memberId index, groups by id the primary key", async () => {
    const byMember = await plan(
      (b) =>
        `SELECT gm."groupId" FROM "GroupMember" gm WHERE gm."memberId" IN (${inList(ids, b)}) AND ${sameWorkspace(`gm."workspaceId"`, "w", b)}`,
    );
    expect(byMember).toMatch(/SEARCH gm USING INDEX GroupMember_memberId_idx/);
    const groups = await plan(
      (b) => `SELECT * FROM "Group" WHERE "id" IN (${inList(ids, b)}) AND ${sameWorkspace(`"workspaceId"`, "w", b)}`,
    );
    expect(groups).toMatch(/SEARCH Group USING INDEX sqlite_autoindex_Group_1 \(id=\?\)/);
  });
});
