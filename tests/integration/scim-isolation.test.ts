// Workspace isolation: a token only ever sees and changes its own workspace. Workspace B attacks A's
// resources through every endpoint and method, filters, membership and manager references.
import { describe, expect, it } from "vitest";
import { ENTERPRISE, GROUP, patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, expectList, expectScimError, q, userBody } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

async function twoWorkspaces() {
  const a = await newWorkspace();
  const b = await newWorkspace();
  const aUser = await createUser(a.api, {
    externalId: "shared-ext",
    emails: [{ type: "work", value: "a.user@shared.example" }],
    displayName: "A Person",
  });
  const aGroup = await createGroup(a.api, "Shared Name", [aUser.id, a.owner.id]);
  const bUser = await createUser(b.api);
  const bGroup = await createGroup(b.api, "B Group", [bUser.id]);
  return { a, b, aUser, aGroup, bUser, bGroup };
}

/** Everything A can see about its own data, to prove B changed nothing. */
async function snapshotA(a: Awaited<ReturnType<typeof newWorkspace>>) {
  const users = await a.api.get("/Users?count=200");
  const groups = await a.api.get("/Groups?count=200");
  const members = await a.db.member.findMany({ where: { workspaceId: a.workspace.id }, orderBy: { id: "asc" } });
  const links = await a.db.groupMember.findMany({
    where: { workspaceId: a.workspace.id },
    orderBy: [{ groupId: "asc" }, { memberId: "asc" }],
  });
  return { users: users.body, groups: groups.body, members, links };
}

describe("workspace isolation", () => {
  it("B's token on A's resources: every endpoint × method × path spelling → 404, and A is unchanged", async () => {
    const { a, b, aUser, aGroup } = await twoWorkspaces();
    const before = await snapshotA(a);
    const eventsBefore = await a.db.provisioningEvent.count({ where: { workspaceId: a.workspace.id } });

    const targets = [
      { collection: "Users", id: aUser.id, put: userBody({ userName: aUser.userName }), patch: entra.setActive(false) },
      {
        collection: "Users",
        id: a.owner.id,
        put: userBody({ userName: a.owner.userName, active: false }),
        patch: patchOps({ op: "replace", value: { userType: "user", displayName: "pwned" } }),
      },
      {
        collection: "Groups",
        id: aGroup.id,
        put: { schemas: [GROUP], displayName: "pwned", members: [] },
        patch: patchOps({ op: "Remove", path: "members" }, { op: "Replace", path: "displayName", value: "pwned" }),
      },
    ];
    const spellings = (collection: string, id: string) => [
      `/${collection}/${id}`,
      `/${collection.toLowerCase()}/${id}/`,
    ];
    let cells = 0;
    for (const t of targets) {
      for (const path of spellings(t.collection, t.id)) {
        const responses = [
          await b.api.get(path),
          await b.api.put(path, t.put),
          await b.api.patch(path, t.patch),
          await b.api.delete(path),
        ];
        for (const res of responses) {
          expectScimError(res, 404);
          expect(res.text).not.toContain(aUser.userName);
          cells++;
        }
      }
    }
    expect(cells).toBe(3 * 2 * 4);

    expect(await snapshotA(a)).toEqual(before);
    // B's requests are logged in B's workspace, never in A's
    expect(await a.db.provisioningEvent.count({ where: { workspaceId: a.workspace.id } })).toBe(eventsBefore + 2);
    const bEvents = await b.db.provisioningEvent.findMany({ where: { workspaceId: b.workspace.id, status: 404 } });
    expect(bEvents).toHaveLength(24);
  });

  it("B's filters for A's users and groups → 0 results", async () => {
    const { a, b, aUser, aGroup, bUser } = await twoWorkspaces();
    const userFilters = [
      `userName eq "${aUser.userName}"`,
      `userName eq "${aUser.userName.toUpperCase()}"`,
      `userName eq "${a.owner.userName}"`,
      'externalId eq "shared-ext"',
      "externalId eq shared-ext",
      `id eq "${aUser.id}"`,
      `id eq "${aUser.id}" or id eq "${a.owner.id}"`,
      'emails[type eq "work"].value eq "a.user@shared.example"',
      'emails.value co "shared.example"',
      'displayName eq "A Person"',
      `groups.value eq "${aGroup.id}"`,
      `manager eq "${aUser.id}"`,
    ];
    const groupFilters = [
      'displayName eq "Shared Name"',
      `id eq "${aGroup.id}"`,
      `members.value eq "${aUser.id}"`,
      `members[value eq "${a.owner.id}"]`,
    ];
    let cells = 0;
    for (const f of userFilters) {
      const res = await b.api.get(`/Users?filter=${q(f)}`);
      expectList(res, 0, 0);
      cells++;
      // A sees its own data with the same filter (so the filter itself is a working one)
      if (!f.includes("manager"))
        expect((await a.api.get(`/Users?filter=${q(f)}`)).body.totalResults, f).toBeGreaterThan(0);
    }
    for (const f of groupFilters) {
      const res = await b.api.get(`/Groups?filter=${q(f)}`);
      expectList(res, 0, 0);
      cells++;
      expect((await a.api.get(`/Groups?filter=${q(f)}`)).body.totalResults, f).toBe(1);
    }
    expect(cells).toBe(userFilters.length + groupFilters.length);
    expect(cells).toBe(16);
    // and B's own data is found by B
    expectList(await b.api.get(`/Users?filter=${q(`id eq "${bUser.id}"`)}`), 1, 1);
  });

  it("B's lists never contain A's resources", async () => {
    const { a, b, bUser, bGroup } = await twoWorkspaces();
    const aIds = new Set((await a.api.get("/Users")).body.Resources.map((r: { id: string }) => r.id));
    const users = await b.api.get("/Users?count=200");
    expectList(users, 2, 2);
    expect(users.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual([b.owner.id, bUser.id].sort());
    for (const r of users.body.Resources) expect(aIds.has(r.id)).toBe(false);
    const groups = await b.api.get("/Groups?count=200");
    expectList(groups, 1, 1);
    expect(groups.body.Resources[0].id).toBe(bGroup.id);
    expect(groups.body.Resources[0].members.map((m: { value: string }) => m.value)).toEqual([bUser.id]);
    const sorted = await b.api.get("/Users?sortBy=userName&sortOrder=descending&startIndex=1&count=1");
    expect(sorted.body.totalResults).toBe(2);
  });

  it("B cannot put A's users into B's groups (PATCH add/replace, POST, PUT): 2xx but nothing stored", async () => {
    const { a, b, aUser, bUser, bGroup } = await twoWorkspaces();
    const before = await snapshotA(a);
    const add = await b.api.patch(
      `/Groups/${bGroup.id}`,
      patchOps({ op: "Add", path: "members", value: [{ $ref: null, value: aUser.id }, { value: a.owner.id }] }),
    );
    expect(add.status).toBe(204);
    const replace = await b.api.patch(
      `/Groups/${bGroup.id}`,
      patchOps({ op: "replace", path: "members", value: [{ value: aUser.id }, { value: bUser.id }] }),
    );
    expect(replace.status).toBe(204);
    const bare = await b.api.patch(`/Groups/${bGroup.id}`, patchOps({ op: "add", path: "members", value: aUser.id }));
    expect(bare.status).toBe(204);
    const byGroup = await b.api.get(`/Groups/${bGroup.id}`);
    expect(byGroup.body.members.map((m: { value: string }) => m.value)).toEqual([bUser.id]);

    const post = await b.api.post("/Groups", {
      schemas: [GROUP],
      displayName: "B Two",
      members: [{ value: aUser.id }, { value: bUser.id }],
    });
    expect(post.status).toBe(201);
    expect(post.body.members.map((m: { value: string }) => m.value)).toEqual([bUser.id]);
    const put = await b.api.put(`/Groups/${bGroup.id}`, { displayName: "B Group", members: [{ value: a.owner.id }] });
    expect(put.status).toBe(200);
    expect(put.body.members).toEqual([]);

    const links = await b.db.groupMember.findMany({ where: { memberId: { in: [aUser.id, a.owner.id] } } });
    expect(links.every((l) => l.workspaceId === a.workspace.id)).toBe(true);
    expect(
      await b.db.groupMember.count({
        where: { workspaceId: b.workspace.id, memberId: { in: [aUser.id, a.owner.id] } },
      }),
    ).toBe(0);
    expect(await snapshotA(a)).toEqual(before);
  });

  it("a manager reference from B to A's user is not linked and not rendered", async () => {
    const { a, b, aUser, bUser } = await twoWorkspaces();
    const res = await b.api.patch(
      `/Users/${bUser.id}`,
      patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: aUser.id }),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body[ENTERPRISE]?.manager).toBeUndefined();
    expect(res.text).not.toContain(aUser.id);
    expect((await b.db.member.findUniqueOrThrow({ where: { id: bUser.id } })).managerId).toBeNull();
    expectList(await b.api.get(`/Users?filter=${q(`manager eq "${aUser.id}"`)}`), 0, 0);
    // on create too
    const created = await b.api.post("/Users", userBody({ [ENTERPRISE]: { manager: { value: aUser.id } } }));
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(aUser.id);
    expect((await b.db.member.findUniqueOrThrow({ where: { id: created.body.id } })).managerId).toBeNull();
    // A's user has no reports
    expect(await a.db.member.count({ where: { managerId: aUser.id } })).toBe(0);
  });

  it("the same userName and group displayName can exist in both workspaces independently", async () => {
    const { a, b, aUser } = await twoWorkspaces();
    const twin = await b.api.post("/Users", userBody({ userName: aUser.userName.toUpperCase() }));
    expect(twin.status, twin.text).toBe(201);
    expect(twin.body.id).not.toBe(aUser.id);
    const g = await b.api.post("/Groups", { displayName: "shared name" });
    expect(g.status).toBe(201);
    // deleting B's twin leaves A's user alone
    expect((await b.api.delete(`/Users/${twin.body.id}`)).status).toBe(204);
    expect((await a.api.get(`/Users/${aUser.id}`)).status).toBe(200);
    expectList(await a.api.get(`/Users?filter=${q(`userName eq "${aUser.userName}"`)}`), 1, 1);
  });
});
