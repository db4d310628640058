// The data model's constraints hold on the database itself (SQLite and PostgreSQL alike).
import { describe, it, expect } from "vitest";
import { getDb } from "@/lib/db/client";
import { newWorkspace, uid } from "../support/workspace";

function memberData(workspaceId: string, userName: string) {
  return { workspaceId, userName, userNameLower: userName.toLowerCase(), attributes: JSON.stringify({ userName }) };
}

describe("data constraints", () => {
  it("userName is unique per workspace, case-insensitively", async () => {
    const { db, workspace } = await newWorkspace();
    await db.member.create({ data: memberData(workspace.id, "Alice@Example.com") });
    await expect(db.member.create({ data: memberData(workspace.id, "alice@example.COM") })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("the same userName may exist in two workspaces", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const name = `${uid()}@example.com`;
    await a.db.member.create({ data: memberData(a.workspace.id, name) });
    await expect(b.db.member.create({ data: memberData(b.workspace.id, name.toUpperCase()) })).resolves.toBeTruthy();
  });

  it("group displayName is unique per workspace, case-insensitively, and reusable across workspaces", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const g = (workspaceId: string, displayName: string) =>
      a.db.group.create({ data: { workspaceId, displayName, displayNameLower: displayName.toLowerCase() } });
    await g(a.workspace.id, "Engineering");
    await expect(g(a.workspace.id, "ENGINEERING")).rejects.toMatchObject({ code: "P2002" });
    await expect(g(b.workspace.id, "engineering")).resolves.toBeTruthy();
  });

  it("a member is in a group at most once, and memberships go when the member goes", async () => {
    const { db, workspace } = await newWorkspace();
    const m = await db.member.create({ data: memberData(workspace.id, `${uid()}@x.test`) });
    const g = await db.group.create({ data: { workspaceId: workspace.id, displayName: "G", displayNameLower: "g" } });
    const link = { groupId: g.id, memberId: m.id, workspaceId: workspace.id };
    await db.groupMember.create({ data: link });
    await expect(db.groupMember.create({ data: link })).rejects.toMatchObject({ code: "P2002" });
    await db.member.delete({ where: { id: m.id } });
    expect(await db.groupMember.count({ where: { groupId: g.id } })).toBe(0);
  });

  it("deleting a workspace removes everything it owns", async () => {
    const { db, workspace } = await newWorkspace();
    await db.member.create({ data: memberData(workspace.id, `${uid()}@x.test`) });
    await db.workspace.delete({ where: { id: workspace.id } });
    const left = await Promise.all([
      db.member.count({ where: { workspaceId: workspace.id } }),
      db.scimToken.count({ where: { workspaceId: workspace.id } }),
    ]);
    expect(left).toEqual([0, 0]);
  });

  it("uses a real database of the configured kind", async () => {
    const db = await getDb();
    const kind = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
    const rows =
      kind === "postgres"
        ? await db.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v")
        : await db.$queryRawUnsafe<{ v: string }[]>("SELECT sqlite_version() AS v");
    expect(rows[0].v).toMatch(kind === "postgres" ? /PostgreSQL/ : /^3\./);
  });
});
