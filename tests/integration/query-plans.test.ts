// Query plans of the SCIM hot path on SQLite, which has no statistics unless ANALYZE ran: selecting rows by
// primary key must use the primary key, not a (workspaceId, …) index that walks the whole workspace (it
// rendered one page of 100 users out of 1 M in 700 ms). PostgreSQL plans with statistics; skipped there.
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "@/lib/db/client";
import type { Work } from "@/lib/db/sql";
import { parseFilter } from "@/lib/scim/filter/parse";
import { queryPage, type ListQuery } from "@/lib/services/scim/list";
import { SqlBuilder } from "@/lib/services/scim/sql";
import { MEMBER_COLUMNS, MEMBER_FROM, byIdInWorkspace, inList, sameWorkspace } from "@/lib/services/scim/rows";
import { createUser } from "../support/scim-resources";
import { newWorkspace } from "../support/workspace";

const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];

async function plan(build: (b: SqlBuilder) => string): Promise<string> {
  const b = new SqlBuilder(database().provider);
  const q = b.finalize(build(b));
  const explain = database().provider === "sqlite" ? "EXPLAIN QUERY PLAN" : "EXPLAIN";
  const rows = await database().sql.all(`${explain} ${q.sql}`, q.params);
  return rows.map((r) => String(r.detail ?? r["QUERY PLAN"])).join(" | ");
}

/** The plan of every statement `work` sends, in order (each explained, then run). */
async function plansOf<T>(work: () => Work<T>): Promise<string[]> {
  const plans: string[] = [];
  await database().sql.query(function* () {
    const w = work();
    let step = w.next();
    while (!step.done) {
      const explained = yield { text: `EXPLAIN QUERY PLAN ${step.value.text}`, params: step.value.params };
      plans.push(explained.rows.map((r) => String(r.detail)).join(" | "));
      step = w.next(yield step.value);
    }
  });
  return plans;
}

describe.skipIf(database().provider !== "sqlite")("SQLite query plans without statistics", () => {
  it("a list page walks an index for its ids and reads whole rows by primary key only for the page", async () => {
    const { api, workspace } = await newWorkspace();
    const users = [];
    for (let i = 0; i < 4; i++) users.push(await createUser(api));
    const scope = {
      workspaceId: workspace.id,
      tokenId: null,
      baseUrl: "",
      provider: "sqlite" as const,
      ownerPowers: false,
      notes: [],
    };
    const page = (q: Partial<ListQuery>) =>
      plansOf(() => queryPage(scope, "User", { startIndex: 1, count: 2, sortOrder: "ascending", ...q }));
    const byKey = /SEARCH m USING INDEX sqlite_autoindex_Member_1 \(id=\?\)/;

    // An unfiltered page: the counts and cursor, the rows (ids by the createdAt index past OFFSET), the
    // next page's cursor.
    const [, first] = await page({ startIndex: 1 });
    expect(first).toMatch(/SEARCH m USING COVERING INDEX Member_workspaceId_createdAt_id_idx \(workspaceId=\?\)/);
    expect(first).toMatch(byKey);
    // The page after it continues from the cursor: a range of the same index, no OFFSET.
    const [, next] = await page({ startIndex: 3 });
    expect(next).toMatch(
      /SEARCH m USING INDEX Member_workspaceId_createdAt_id_idx \(workspaceId=\? AND \(createdAt,id\)>\(\?,\?\)\)/,
    );
    // Entra's lookup by userName: the unique index, then the one row.
    const [lookup] = await page({ filter: parseFilter(`userName eq "${users[2].userName}"`) });
    expect(lookup).toMatch(
      /SEARCH m USING (COVERING )?INDEX Member_workspaceId_userNameLower_key \(workspaceId=\? AND userNameLower=\?\)/,
    );
    expect(lookup).toMatch(byKey);
    expect(lookup).not.toMatch(/SCAN m/);
  });

  it("a plain workspace equality beside `id IN (…)` picks a workspace index (why sameWorkspace exists)", async () => {
    const p = await plan(
      (b) =>
        `SELECT m."id" FROM ${MEMBER_FROM} WHERE m."id" IN (${inList(ids, b)}) AND m."workspaceId" = ${b.param("w")}`,
    );
    expect(p).toMatch(/SEARCH m USING (COVERING )?INDEX Member_workspaceId/);
  });

  it("members by id (the PATCH member check) use the primary key", async () => {
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

// PostgreSQL plans with statistics, but a table has none before its first ANALYZE: a fresh install's first
// sync, or autovacuum turned off. Then it ANDed the workspace index of GroupMember (every membership of the
// workspace) with the memberId index to find one member's groups: 38–60 ms per user PATCH at 200 k
// memberships; and found a group by id through a workspace index of Group, walking every group of the
// workspace (and their old versions) on every member add. The rows below are written in one statement
// each and the plans read at once, before autovacuum (a minute's nap at the least) could analyse them.
describe.skipIf(database().provider !== "postgres")("PostgreSQL plans before the first ANALYZE", () => {
  let workspaceId = "";
  let memberId = "";
  beforeAll(async () => {
    const { workspace } = await newWorkspace();
    workspaceId = workspace.id;
    const sql = database().sql;
    const [{ id: groupId }] = await sql.all(
      `INSERT INTO "Group" ("id", "workspaceId", "displayName", "displayNameLower", "updatedAt") ` +
        `VALUES (gen_random_uuid()::text, $1, 'plans', 'plans', now()) RETURNING "id"`,
      [workspaceId],
    );
    await sql.run(
      `INSERT INTO "Member" ("id", "workspaceId", "userName", "userNameLower", "updatedAt") ` +
        `SELECT $1 || '-' || i, $1, 'plan' || i || '@example.test', 'plan' || i || '@example.test', now() ` +
        `FROM generate_series(1, 20000) i`,
      [workspaceId],
    );
    await sql.run(
      `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId") ` +
        `SELECT $1, $2 || '-' || i, $2 FROM generate_series(1, 20000) i`,
      [groupId, workspaceId],
    );
    memberId = `${workspaceId}-777`;
    // Groups are found by id too (every member PATCH updates its group's version).
    await sql.run(
      `INSERT INTO "Group" ("id", "workspaceId", "displayName", "displayNameLower", "updatedAt") ` +
        `SELECT $1 || '-g' || i, $1, 'g' || i, 'g' || i, now() FROM generate_series(1, 300) i`,
      [workspaceId],
    );
  }, 60_000);

  it("a plain workspace equality beside memberId is ANDed with the workspace index (why sameWorkspace exists)", async () => {
    const p = await plan(
      (b) =>
        `SELECT gm."groupId" FROM "GroupMember" gm WHERE gm."memberId" IN (${b.param(memberId)}) AND gm."workspaceId" = ${b.param(workspaceId)}`,
    );
    expect(p).toMatch(/GroupMember_workspaceId_idx/);
  });

  it("a group PATCH and a user PATCH find their row by primary key", async () => {
    const group = await plan(
      (b) =>
        `UPDATE "Group" SET "version" = "version" + 1 WHERE ${byIdInWorkspace(`${workspaceId}-g7`, workspaceId, b)}`,
    );
    expect(group).toMatch(/Index Scan using "Group_pkey"/);
    const member = await plan(
      (b) =>
        `UPDATE "Member" SET "version" = "version" + 1 WHERE ${byIdInWorkspace(memberId, workspaceId, b)} AND "version" = ${b.param(1)}`,
    );
    expect(member).toMatch(/Index Scan using "Member_pkey"/);
  });

  it("a member's groups are found through the memberId index alone", async () => {
    const p = await plan(
      (b) =>
        `SELECT gm."groupId" FROM "GroupMember" gm WHERE gm."memberId" IN (${b.param(memberId)}) AND ${sameWorkspace(`gm."workspaceId"`, workspaceId, b)}`,
    );
    expect(p).toMatch(/GroupMember_memberId_idx/);
    expect(p).not.toMatch(/GroupMember_workspaceId_idx/);
  });
});
