// PUT semantics (RFC 7644 §3.5.1: PUT replaces the resource) where a careless implementation loses data
// or keeps stale data: a user's `groups` is read-only (memberships belong to the Group resource), a group
// PUT without `members` replaces the members with none, and a user PUT without `active` takes the
// default (active) rather than keeping a suspension.
import { describe, expect, it } from "vitest";
import { ENTERPRISE, GROUP, USER, patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, memberIds } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

describe("SCIM PUT replaces the resource", () => {
  it("user PUT with groups: [] (or other groups) leaves the user's memberships alone: groups is read-only", async () => {
    const { api, db, workspace } = await newWorkspace();
    const u = await createUser(api, { externalId: "put-g" });
    const other = await createUser(api);
    const g1 = await createGroup(api, "PUT one", [u.id, other.id]);
    const g2 = await createGroup(api, "PUT two", [u.id]);
    const linksBefore = await db.groupMember.count({ where: { workspaceId: workspace.id } });

    const put = await api.put(`/Users/${u.id}`, {
      schemas: [USER],
      userName: u.userName,
      externalId: "put-g",
      active: true,
      displayName: "Renamed",
      groups: [],
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.displayName).toBe("Renamed");
    expect(await memberIds(api, g1.id)).toEqual([u.id, other.id].sort());
    expect(await memberIds(api, g2.id)).toEqual([u.id]);

    // groups naming another group are not a way in either
    const g3 = await createGroup(api, "PUT three");
    const again = await api.put(`/Users/${u.id}`, {
      schemas: [USER],
      userName: u.userName,
      active: true,
      groups: [{ value: g3.id }],
    });
    expect(again.status, again.text).toBe(200);
    expect(await memberIds(api, g3.id)).toEqual([]);
    expect(await db.groupMember.count({ where: { workspaceId: workspace.id } })).toBe(linksBefore);
    // the user's own view still lists both groups, from the join table
    const got = await api.get(`/Users/${u.id}`);
    expect((got.body.groups as { value: string }[]).map((g) => g.value).sort()).toEqual([g1.id, g2.id].sort());
    // and nothing of the sent `groups` was stored in the user's document
    const row = await db.member.findUniqueOrThrow({ where: { id: u.id } });
    expect(JSON.stringify(row)).not.toContain(g3.id);
  });

  it("PUT and PATCH answers (Entra's deactivation too) list the user's groups as GET does", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const g1 = await createGroup(api, "Answer one", [u.id]);
    const g2 = await createGroup(api, "Answer two", [u.id]);
    const byValue = (groups: unknown) =>
      [...(groups as { value: string }[])].sort((a, b) => a.value.localeCompare(b.value));
    const expected = byValue((await api.get(`/Users/${u.id}`)).body.groups);
    expect(expected.map((g) => g.value)).toEqual([g1.id, g2.id].sort());
    expect(Object.fromEntries(expected.map((g) => [g.value, (g as { display?: string }).display]))).toEqual({
      [g1.id]: "Answer one",
      [g2.id]: "Answer two",
    });

    const put = await api.put(`/Users/${u.id}`, { schemas: [USER], userName: u.userName, displayName: "Put" });
    expect(put.status, put.text).toBe(200);
    expect(byValue(put.body.groups)).toEqual(expected);
    const patch = await api.patch(`/Users/${u.id}`, patchOps({ op: "Replace", path: "displayName", value: "Patched" }));
    expect(patch.status, patch.text).toBe(200);
    expect(byValue(patch.body.groups)).toEqual(expected);
    // Entra's deactivation takes the locking path: its answer lists them too
    const off = await api.patch(`/Users/${u.id}`, entra.setActive(false));
    expect(off.status, off.text).toBe(200);
    expect(off.body.active).toBe(false);
    expect(byValue(off.body.groups)).toEqual(expected);
    // the groups come with the row the PATCH reads: also when it changes nothing, or changes the manager
    // (which reads the row again for the manager's names), and for GET by id
    const same = await api.patch(`/Users/${u.id}`, patchOps({ op: "Replace", path: "displayName", value: "Patched" }));
    expect(same.status, same.text).toBe(200);
    expect(byValue(same.body.groups)).toEqual(expected);
    const boss = await createUser(api);
    const managed = await api.patch(
      `/Users/${u.id}`,
      patchOps({ op: "Replace", path: `${ENTERPRISE}:manager`, value: boss.id }),
    );
    expect(managed.status, managed.text).toBe(200);
    expect((managed.body[ENTERPRISE] as { manager: { value: string } }).manager.value).toBe(boss.id);
    expect(byValue(managed.body.groups)).toEqual(expected);
    expect((await api.get(`/Users/${boss.id}`)).body.groups ?? []).toEqual([]);
    // and only when the answer shows them
    const bare = await api.patch(
      `/Users/${u.id}?excludedAttributes=groups`,
      patchOps({ op: "Replace", path: "displayName", value: "Bare" }),
    );
    expect(bare.status, bare.text).toBe(200);
    expect(bare.body.groups).toBeUndefined();
    // a user in no group answers no groups, not another user's
    const alone = await createUser(api);
    const lonely = await api.put(`/Users/${alone.id}`, { schemas: [USER], userName: alone.userName });
    expect(lonely.body.groups ?? []).toEqual([]);
  });

  it("group PUT without members removes every member; with members, exactly those", async () => {
    const { api, db, workspace } = await newWorkspace();
    const [x, y, z] = [await createUser(api), await createUser(api), await createUser(api)];
    const g = await createGroup(api, "Replace me", [x.id, y.id]);
    const keep = await createGroup(api, "Untouched", [x.id, y.id]);

    const swap = await api.put(`/Groups/${g.id}`, {
      schemas: [GROUP],
      displayName: "Replace me",
      members: [{ value: y.id }, { value: z.id }],
    });
    expect(swap.status, swap.text).toBe(200);
    expect(await memberIds(api, g.id)).toEqual([y.id, z.id].sort());

    const cleared = await api.put(`/Groups/${g.id}`, { schemas: [GROUP], displayName: "Replaced" });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.displayName).toBe("Replaced");
    expect(await memberIds(api, g.id)).toEqual([]);
    expect(await db.groupMember.count({ where: { groupId: g.id } })).toBe(0);
    // only that group: the other group and the users themselves are untouched
    expect(await memberIds(api, keep.id)).toEqual([x.id, y.id].sort());
    expect(await db.member.count({ where: { workspaceId: workspace.id, id: { in: [x.id, y.id, z.id] } } })).toBe(3);

    // an explicit empty list means the same
    await api.put(`/Groups/${g.id}`, { schemas: [GROUP], displayName: "Replaced", members: [{ value: x.id }] });
    expect(await memberIds(api, g.id)).toEqual([x.id]);
    expect((await api.put(`/Groups/${g.id}`, { schemas: [GROUP], displayName: "Replaced", members: [] })).status).toBe(
      200,
    );
    expect(await memberIds(api, g.id)).toEqual([]);
  });

  it("user PUT without active: the default (active) replaces a suspension; with active false it stays suspended", async () => {
    const { api, db } = await newWorkspace();
    const u = await createUser(api, { active: false, title: "Old title" });
    expect((await db.member.findUniqueOrThrow({ where: { id: u.id } })).status).toBe("suspended");

    const keepSuspended = await api.put(`/Users/${u.id}`, { schemas: [USER], userName: u.userName, active: false });
    expect(keepSuspended.status, keepSuspended.text).toBe(200);
    expect(keepSuspended.body.active).toBe(false);
    // PUT replaces: the title that was not sent is gone
    expect(keepSuspended.body.title).toBeUndefined();
    expect((await db.member.findUniqueOrThrow({ where: { id: u.id } })).title).toBeNull();

    const noActive = await api.put(`/Users/${u.id}`, { schemas: [USER], userName: u.userName });
    expect(noActive.status, noActive.text).toBe(200);
    expect(noActive.body.active).toBe(true);
    const row = await db.member.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.active).toBe(true);
    expect(row.status).toBe("active");
    expect((await api.get(`/Users/${u.id}`)).body.active).toBe(true);
  });
});
