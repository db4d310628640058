// totalResults of an unfiltered SCIM Users list comes from the per-workspace member count that database
// triggers keep (prisma/models/counts.prisma) instead of COUNT(*). It must stay exact: after concurrent
// creates and deletes, and whoever writes the members (SCIM, Prisma, plain SQL), it equals COUNT(*).
import { describe, expect, it } from "vitest";
import { database, getDb } from "@/lib/db/client";
import { newWorkspace, uid } from "../support/workspace";
import { createUser, userBody } from "../support/scim-resources";

async function counted(workspaceId: string) {
  await getDb();
  const { sql } = database();
  const p = sql.provider === "postgres" ? "$1" : "?";
  const [kept] = await sql.all(
    `SELECT COALESCE(SUM("n"), 0) AS n FROM "WorkspaceMemberCount" WHERE "workspaceId" = ${p}`,
    [workspaceId],
  );
  const [real] = await sql.all(`SELECT COUNT(*) AS n FROM "Member" WHERE "workspaceId" = ${p}`, [workspaceId]);
  return { kept: Number(kept.n), real: Number(real.n) };
}

describe("member count behind totalResults", () => {
  it("concurrent creates and deletes: totalResults equals COUNT(*)", async () => {
    const { api, workspace } = await newWorkspace({ guardrail: false });
    const first = await Promise.all(Array.from({ length: 24 }, () => createUser(api)));
    // 48 creates and 16 deletes at once, plus 8 creates of one userName (one wins)
    const same = `same.${uid()}@example.test`;
    const res = await Promise.all([
      ...Array.from({ length: 48 }, (_, i) =>
        api.post("/Users", userBody({ userName: `c${i}.${uid()}@example.test` })),
      ),
      ...first.slice(0, 16).map((u) => api.delete(`/Users/${u.id}`)),
      ...Array.from({ length: 8 }, () => api.post("/Users", userBody({ userName: same }))),
    ]);
    expect(res.filter((r) => r.status === 201)).toHaveLength(49);
    expect(res.filter((r) => r.status === 204)).toHaveLength(16);
    const { kept, real } = await counted(workspace.id);
    expect(real).toBe(1 + 24 + 48 - 16 + 1); // the owner too
    expect(kept).toBe(real);
    // a full page (count=1) and a page past the end both answer with the kept count
    expect((await api.get("/Users?count=1")).body.totalResults).toBe(real);
    expect((await api.get(`/Users?startIndex=${real + 10}&count=200`)).body.totalResults).toBe(real);
  });

  it("members written outside SCIM are counted too; a deleted workspace leaves no count behind", async () => {
    const { api, db, workspace } = await newWorkspace();
    await createUser(api);
    await db.member.create({
      data: {
        workspaceId: workspace.id,
        userName: `manual.${uid()}`,
        userNameLower: `manual.${uid()}`,
        displayName: "Manual",
        role: "member",
        status: "active",
        source: "manual",
      },
    });
    await db.member.deleteMany({ where: { workspaceId: workspace.id, source: "scim" } });
    const { kept, real } = await counted(workspace.id);
    expect(real).toBe(2);
    expect(kept).toBe(real);
    await db.workspace.delete({ where: { id: workspace.id } });
    expect((await counted(workspace.id)).kept).toBe(0);
    const { sql } = database();
    const rows = await sql.all(
      `SELECT * FROM "WorkspaceMemberCount" WHERE "workspaceId" = ${sql.provider === "postgres" ? "$1" : "?"}`,
      [workspace.id],
    );
    expect(rows).toEqual([]);
  });
});

describe("deep pages continue from the previous page's last row", () => {
  /** The workspace's member ids in the default order, as OFFSET sees them. */
  async function inOrder(workspaceId: string) {
    const { sql } = database();
    const p = sql.provider === "postgres" ? "$1" : "?";
    return (
      await sql.all(`SELECT "id" FROM "Member" WHERE "workspaceId" = ${p} ORDER BY "createdAt" ASC, "id" ASC`, [
        workspaceId,
      ])
    ).map((r) => r.id as string);
  }
  const page = async (api: Awaited<ReturnType<typeof newWorkspace>>["api"], startIndex: number, count: number) => {
    const res = await api.get(`/Users?startIndex=${startIndex}&count=${count}&attributes=userName`);
    expect(res.status).toBe(200);
    return { total: res.body.totalResults as number, ids: (res.body.Resources as { id: string }[]).map((r) => r.id) };
  };

  it("paging through every member gives each once, in order; an added or removed member makes the next page OFFSET's again", async () => {
    const { api, workspace } = await newWorkspace();
    for (let i = 0; i < 22; i++) await createUser(api);
    const all = await inOrder(workspace.id);
    expect(all).toHaveLength(23);
    const seen: string[] = [];
    for (let start = 1; start <= 23; start += 5) {
      const { total, ids } = await page(api, start, 5);
      expect(total).toBe(23);
      seen.push(...ids);
    }
    expect(seen).toEqual(all);
    const { sql } = database();
    const p = sql.provider === "postgres" ? "$1" : "?";
    expect(
      (
        await sql.all(`SELECT "position" FROM "ScimPageCursor" WHERE "workspaceId" = ${p} ORDER BY "position"`, [
          workspace.id,
        ])
      ).map((r) => Number(r.position)),
    ).toEqual([6, 11, 16, 21]);

    // a member before position 11 goes: the cursor kept for startIndex 11 points one row too far now
    await api.delete(`/Users/${all[2]}`);
    const after = await inOrder(workspace.id);
    expect(await page(api, 11, 5)).toEqual({ total: 22, ids: after.slice(10, 15) });
    // and one is added: the new page from 16 on is again what OFFSET gives
    await createUser(api);
    expect(await page(api, 16, 5)).toEqual({ total: 23, ids: (await inOrder(workspace.id)).slice(15, 20) });
  });
});
