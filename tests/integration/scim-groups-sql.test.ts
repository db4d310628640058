// SCIM groups on the driver-level hot path (lib/db/sql.ts): membership set operations, through the real handler on
// the configured database.
import { describe, it, expect } from "vitest";
import { BASE, GROUP, patchOps } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { createGroup, expectList, expectScimError, q, enterpriseUserBody as userBody } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

describe("SCIM groups on the driver-level path", () => {
  it("creates, looks up without members, adds and removes members one PATCH at a time", async () => {
    const { api } = await newWorkspace();
    const a = await api.post("/Users", userBody(`${uid()}@example.test`));
    const b = await api.post("/Users", userBody(`${uid()}@example.test`));
    const name = uid("Group ");
    const created = await api.post("/Groups", {
      schemas: [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      displayName: name,
      externalId: "ext-1",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: name, externalId: "ext-1", members: [] });
    const id = created.body.id;

    const found = await api.get(`/Groups?excludedAttributes=members&filter=${q(`displayName eq "${name}"`)}`);
    expectList(found, 1);
    expect(found.body.Resources[0]).not.toHaveProperty("members");

    const add = (m: string) => api.patch(`/Groups/${id}`, entra.addMembers(m));
    expect((await add(a.body.id)).status).toBe(204);
    expect((await add(a.body.id)).status).toBe(204); // idempotent
    expect((await add("not-a-member-id")).status).toBe(204); // unknown ids are ignored
    await Promise.all([add(b.body.id), add(b.body.id)]);

    const full = await api.get(`/Groups/${id}`);
    expect(full.body.members.map((m: { value: string }) => m.value)).toEqual([a.body.id, b.body.id]); // in the order they joined

    const userView = await api.get(`/Users/${a.body.id}`);
    expect(userView.body.groups).toEqual([{ value: id, $ref: `${BASE}/Groups/${id}`, display: name, type: "direct" }]);
    // a filtered list reads each member's groups in its page statement: the same, and none for a member in none
    const loner = await api.post("/Users", userBody(`${uid()}@example.test`));
    const page = await api.get(
      `/Users?filter=${q(`userName eq "${a.body.userName}" or userName eq "${loner.body.userName}"`)}`,
    );
    expectList(page, 2);
    const groupsOf = (r: { body: { Resources: { id: string; groups?: unknown }[] } }, who: string) =>
      r.body.Resources.find((u) => u.id === who)?.groups;
    expect(groupsOf(page, a.body.id)).toEqual(userView.body.groups);
    expect(groupsOf(page, loner.body.id)).toEqual([]);
    const bare = await api.get(`/Users?excludedAttributes=groups&filter=${q(`userName eq "${a.body.userName}"`)}`);
    expectList(bare, 1);
    expect(bare.body.Resources[0]).not.toHaveProperty("groups");

    expect(
      (await api.patch(`/Groups/${id}`, patchOps({ op: "remove", path: `members[value eq "${a.body.id}"]` }))).status,
    ).toBe(204);
    const after = await api.get(`/Groups/${id}`);
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([b.body.id]);
  });

  it("never adds a member of another workspace", async () => {
    const { api, db } = await newWorkspace();
    const other = await newWorkspace();
    const stranger = await other.api.post("/Users", userBody(`${uid()}@example.test`));
    const g = await createGroup(api, uid("g"), [stranger.body.id]);
    expect(
      (
        await api.patch(
          `/Groups/${g.id}`,
          patchOps({ op: "Add", path: "members", value: [{ value: stranger.body.id }] }),
        )
      ).status,
    ).toBe(204);
    expect(await db.groupMember.count({ where: { groupId: g.id } })).toBe(0);
  });

  it("applies a PATCH all or nothing: a rename onto a taken name adds no member either", async () => {
    const { api, db } = await newWorkspace();
    const u = await api.post("/Users", userBody(`${uid()}@example.test`));
    await createGroup(api, "Taken");
    const g = await createGroup(api, "Mine");
    const res = await api.patch(
      `/Groups/${g.id}`,
      patchOps(
        { op: "Add", path: "members", value: [{ value: u.body.id }] },
        { op: "Replace", path: "displayName", value: "TAKEN" },
      ),
    );
    expectScimError(res, 409, "uniqueness");
    expect(await db.groupMember.count({ where: { groupId: g.id } })).toBe(0);
    expect(await db.group.findUniqueOrThrow({ where: { id: g.id } })).toMatchObject({
      displayName: "Mine",
      version: 1,
    });
  });

  it("renames with a uniqueness check, replaces members with PUT, 404s unknown groups", async () => {
    const { api, db } = await newWorkspace();
    const u = await api.post("/Users", userBody(`${uid()}@example.test`));
    const v = await api.post("/Users", userBody(`${uid()}@example.test`));
    const one = await api.post("/Groups", { schemas: [GROUP], displayName: "One", members: [{ value: v.body.id }] });
    await api.post("/Groups", { schemas: [GROUP], displayName: "Two" });
    expectScimError(await api.post("/Groups", { schemas: [GROUP], displayName: "ONE" }), 409, "uniqueness");
    expectScimError(
      await api.patch(`/Groups/${one.body.id}`, patchOps({ op: "Replace", path: "displayName", value: "two" })),
      409,
      "uniqueness",
    );
    const put = await api.put(`/Groups/${one.body.id}`, {
      schemas: [GROUP],
      displayName: "Uno",
      members: [{ value: u.body.id }],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Uno", members: [{ value: u.body.id }] });
    expect(await db.group.findUniqueOrThrow({ where: { id: one.body.id } })).toMatchObject({
      displayName: "Uno",
      displayNameLower: "uno",
      version: 2,
    });
    expectScimError(
      await api.patch(
        `/Groups/00000000-0000-4000-8000-000000000000`,
        patchOps({ op: "Add", path: "members", value: [{ value: u.body.id }] }),
      ),
      404,
    );
    expect((await api.delete(`/Groups/${one.body.id}`)).status).toBe(204);
    expect(await db.groupMember.count({ where: { groupId: one.body.id } })).toBe(0);
    expectScimError(await api.get(`/Groups/${one.body.id}`), 404);
  });
});
