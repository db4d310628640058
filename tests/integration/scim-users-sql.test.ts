// SCIM users on the driver-level hot path (lib/db/sql.ts): rows written by the SCIM path and by Prisma read back the
// same through both, owner protection, through the real handler on the configured database.
import { describe, it, expect } from "vitest";
import { createManualMember } from "@/lib/services/members";
import { BASE, ENTERPRISE, GROUP, USER, patchOps } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import {
  createGroup,
  createUser,
  expectList,
  expectScimError,
  q,
  enterpriseUserBody as userBody,
} from "../support/scim-resources";
import * as entra from "../fixtures/entra";
import { foldCase } from "@/lib/scim/fold";
import { readUser, readUserByName } from "@/lib/services/scim/user-reads";
import type { ScimScope } from "@/lib/services/scim/scope";
import { watched } from "../support/watched-sql";

describe("SCIM users on the driver-level path", () => {
  it("runs Entra's lookup → create → update → deactivate sequence, and Prisma reads back what it wrote", async () => {
    const { api, db, workspace } = await newWorkspace();
    const name = `${uid()}@example.test`;
    expectList(await api.get(`/Users?filter=${q(`userName eq "${name}"`)}`), 0);

    const created = await api.post("/Users", userBody(name));
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${BASE}/Users/${created.body.id}`);
    expect(created.body).toMatchObject({
      userName: name,
      active: true,
      groups: [],
      name: { givenName: "Ada" },
      [ENTERPRISE]: { department: "R&D" },
    });
    expect(created.body.meta.created).toBe(created.body.meta.lastModified);

    const hit = await api.get(`/Users?filter=${q(`userName eq "${name.toUpperCase()}"`)}`);
    expectList(hit, 1);
    expect(hit.body.Resources[0].id).toBe(created.body.id);

    const updated = await api.patch(
      `/Users/${created.body.id}`,
      patchOps(
        { op: "Replace", path: "displayName", value: "Renamed" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: `New-${name}` },
        { op: "Replace", path: "name.familyName", value: "King" },
      ),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      displayName: "Renamed",
      name: { familyName: "King", givenName: "Ada" },
      emails: [{ value: `New-${name}` }],
    });
    expect(Date.parse(updated.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(created.body.meta.created));

    const off = await api.patch(`/Users/${created.body.id}`, entra.setActive(false));
    expect(off.body.active).toBe(false);

    const row = await db.member.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row).toMatchObject({
      workspaceId: workspace.id,
      active: false,
      status: "suspended",
      version: 3,
      displayName: "Renamed",
      email: `New-${name}`,
      emailLower: `new-${name}`,
      familyName: "King",
      userName: name,
      userNameLower: name.toLowerCase(),
      source: "scim",
    });
    expect(row.createdAt.toISOString()).toBe(created.body.meta.created);
    expect(row.updatedAt.toISOString()).toBe(off.body.meta.lastModified);
  });

  it("PUT rewrites every column that changes, and a PATCH of one attribute leaves the others as they were", async () => {
    const { api, db } = await newWorkspace();
    const boss = await api.post("/Users", userBody(`${uid()}@example.test`));
    const u = await api.post("/Users", userBody(`${uid()}@example.test`, { title: "Engineer", userType: "Employee" }));
    const newName = `${uid()}@example.test`;
    const put = await api.put(`/Users/${u.body.id}`, {
      schemas: [USER, ENTERPRISE],
      userName: newName,
      externalId: "ext-new",
      displayName: "Grace",
      name: { givenName: "Grace", familyName: "Hopper" },
      title: "Admiral",
      userType: "admin",
      active: false,
      emails: [{ type: "work", value: `Work-${newName}` }],
      [ENTERPRISE]: { manager: { value: boss.body.id } },
    });
    expect(put.status, put.text).toBe(200);
    const after = await db.member.findUniqueOrThrow({ where: { id: u.body.id } });
    expect(after).toMatchObject({
      userName: newName,
      userNameLower: newName.toLowerCase(),
      externalId: "ext-new",
      displayName: "Grace",
      givenName: "Grace",
      familyName: "Hopper",
      title: "Admiral",
      userType: "admin",
      active: false,
      status: "suspended",
      role: "admin",
      email: `Work-${newName}`,
      emailLower: `work-${newName}`.toLowerCase(),
      managerId: boss.body.id,
      version: 2,
    });
    expect(JSON.parse(after.attributes)).not.toHaveProperty("roles");

    const patched = await api.patch(
      `/Users/${u.body.id}`,
      patchOps({ op: "Replace", path: "title", value: "Rear Admiral" }),
    );
    expect(patched.status).toBe(200);
    const again = await db.member.findUniqueOrThrow({ where: { id: u.body.id } });
    expect(again).toEqual({
      ...after,
      title: "Rear Admiral",
      attributes: again.attributes,
      version: 3,
      updatedAt: again.updatedAt,
    });
    expect(JSON.parse(again.attributes)).toMatchObject({ ...JSON.parse(after.attributes), title: "Rear Admiral" });
  });

  it("a PATCH that changes nothing writes nothing (version and lastModified stay)", async () => {
    const { api, db } = await newWorkspace();
    const u = await api.post("/Users", userBody(`${uid()}@example.test`, { title: "Engineer" }));
    const same = await api.patch(`/Users/${u.body.id}`, patchOps({ op: "Replace", path: "title", value: "Engineer" }));
    expect(same.status).toBe(200);
    expect(same.body.meta).toMatchObject({ version: u.body.meta.version, lastModified: u.body.meta.lastModified });
    expect((await db.member.findUniqueOrThrow({ where: { id: u.body.id } })).version).toBe(1);
  });

  it("compares userName case-insensitively beyond ASCII, and stores it as sent", async () => {
    const { api, db } = await newWorkspace();
    const name = `ZOË.${uid()}@EXAMPLE.TEST`;
    const created = await api.post("/Users", userBody(name, { name: { familyName: "ÆRØ" } }));
    expect(created.status).toBe(201);
    expect((await db.member.findUniqueOrThrow({ where: { id: created.body.id } })).userName).toBe(name);
    expectScimError(await api.post("/Users", userBody(name.toLowerCase())), 409, "uniqueness");
    expectList(await api.get(`/Users?filter=${q(`userName eq "${name.toLowerCase()}"`)}`), 1);
    expectList(await api.get(`/Users?filter=${q('name.familyName eq "ærø"')}`), 1);
    const other = await api.post("/Users", userBody(`${uid()}@example.test`));
    expectScimError(
      await api.patch(
        `/Users/${other.body.id}`,
        patchOps({ op: "Replace", path: "userName", value: name.toLowerCase() }),
      ),
      409,
      "uniqueness",
    );
  });

  it("renders members added by hand (through Prisma) like provisioned ones", async () => {
    const { api, workspace } = await newWorkspace();
    const email = `${uid()}@example.test`;
    const m = await createManualMember(workspace.id, { email, role: "member", name: "Grace Hopper" });
    const got = await api.get(`/Users/${m.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: m.id, userName: email, active: true });
    expect(got.body.meta.created).toBe(m.createdAt.toISOString());
  });

  it("links the sign-in account with the same email when SCIM creates the member", async () => {
    const { api, db, workspace } = await newWorkspace();
    const email = `${uid()}@example.test`;
    const other = await newWorkspace();
    const manual = await createManualMember(other.workspace.id, { email, role: "member" });
    const created = await api.post("/Users", userBody(email.toUpperCase()));
    expect(created.status).toBe(201);
    const row = await db.member.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.accountId).toBe(manual.accountId);
    expect(row.workspaceId).toBe(workspace.id);
  });

  it("links a manager and shows the manager's displayName", async () => {
    const { api } = await newWorkspace();
    const boss = await api.post("/Users", userBody(`${uid()}@example.test`, { displayName: "The Boss" }));
    const u = await api.post("/Users", userBody(`${uid()}@example.test`));
    const linked = await api.patch(
      `/Users/${u.body.id}`,
      patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: boss.body.id }),
    );
    expect(linked.body[ENTERPRISE].manager).toEqual({
      value: boss.body.id,
      $ref: `${BASE}/Users/${boss.body.id}`,
      displayName: "The Boss",
    });
    expectList(await api.get(`/Users?filter=${q(`manager eq "${boss.body.id}"`)}`), 1);
  });

  it("never suspends or deletes the last owner", async () => {
    const { api, owner } = await newWorkspace();
    expectScimError(await api.patch(`/Users/${owner.id}`, entra.setActive(false)), 409);
    expectScimError(await api.delete(`/Users/${owner.id}`), 409);
  });

  it("deletes a user with their memberships; a second delete is 404", async () => {
    const { api, db } = await newWorkspace();
    const u = await api.post("/Users", userBody(`${uid()}@example.test`));
    const g = await api.post("/Groups", { schemas: [GROUP], displayName: uid("g"), members: [{ value: u.body.id }] });
    expect(await db.groupMember.count({ where: { groupId: g.body.id } })).toBe(1);
    expect((await api.delete(`/Users/${u.body.id}`)).status).toBe(204);
    expect(await db.groupMember.count({ where: { groupId: g.body.id } })).toBe(0);
    expectScimError(await api.delete(`/Users/${u.body.id}`), 404);
    expectScimError(await api.get(`/Users/${u.body.id}`), 404);
  });

  it("concurrent lookups by userName each answer for their own name and workspace, pages after the first stay empty", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const users = [await createUser(a.api), await createUser(a.api), await createUser(a.api)];
    const other = await createUser(b.api);
    const lookup = (api: typeof a.api, name: string, page = "") =>
      api.get(`/Users?filter=${q(`userName eq "${name}"`)}${page}`);
    const answers = await Promise.all([
      ...users.map((u) => lookup(a.api, u.userName.toUpperCase())),
      lookup(a.api, other.userName), // b's member, asked with a's token
      lookup(b.api, other.userName),
      lookup(a.api, "nobody@example.test"),
    ]);
    users.forEach((u, i) => {
      expectList(answers[i], 1);
      expect(answers[i].body.Resources[0]).toMatchObject({ id: u.id, userName: u.userName, groups: [] });
    });
    expectList(answers[3], 0);
    expectList(answers[4], 1);
    expect(answers[4].body.Resources[0].id).toBe(other.id);
    expectList(answers[5], 0);
    // The first page holds the one match; a page after it is empty but still counts it.
    const second = await lookup(a.api, users[0].userName, "&startIndex=2");
    expect(second.body).toMatchObject({ totalResults: 1, Resources: [] });
    const counted = await lookup(a.api, users[0].userName, "&count=0");
    expect(counted.body).toMatchObject({ totalResults: 1 });
    const bare = await lookup(a.api, users[0].userName, "&excludedAttributes=groups");
    expectList(bare, 1);
    expect(bare.body.Resources[0].groups).toBeUndefined();
  });

  describe.runIf(process.env.TEST_DB === "postgres")("shared member reads (PostgreSQL)", () => {
    const scopeOf = (workspaceId: string): ScimScope => ({
      workspaceId,
      tokenId: null,
      baseUrl: BASE,
      provider: "postgres",
      ownerPowers: false,
      notes: [],
    });

    it("requests that read members at the same moment share one read, and each gets only its own workspace's member", async () => {
      const a = await newWorkspace();
      const b = await newWorkspace();
      const [a1, a2] = [await createUser(a.api), await createUser(a.api)];
      const b1 = await createUser(b.api);
      const group = await createGroup(a.api, `Group ${uid()}`, [a1.id]);
      const { sql, seen } = watched();
      const [first, again, second, crossed, own, unknown] = await Promise.all([
        readUser(sql, scopeOf(a.workspace.id), a1.id, { groups: true }),
        readUser(sql, scopeOf(a.workspace.id), a1.id, { groups: true }),
        readUser(sql, scopeOf(a.workspace.id), a2.id, { groups: true }),
        readUser(sql, scopeOf(a.workspace.id), b1.id, { groups: true }), // b's member through a's token
        readUser(sql, scopeOf(b.workspace.id), b1.id, { groups: true }),
        readUser(sql, scopeOf(a.workspace.id), "no-such-member", { groups: true }),
      ]);
      expect(seen.reads).toBe(1);
      expect(first).toMatchObject({ id: a1.id, userName: a1.userName, memberGroups: [{ id: group.id }] });
      expect(again).toEqual(first);
      expect(again).not.toBe(first); // each request converts and may change its own copy
      expect(second).toMatchObject({ id: a2.id, memberGroups: [] });
      expect(crossed).toBeNull();
      expect(own).toMatchObject({ id: b1.id, workspaceId: b.workspace.id });
      expect(unknown).toBeNull();
    });

    it("lookups by userName at the same moment share one read; each finds only its own workspace's member", async () => {
      const a = await newWorkspace();
      const b = await newWorkspace();
      const a1 = await createUser(a.api);
      const b1 = await createUser(b.api);
      const { sql, seen } = watched();
      const [found, crossed, own, unknown] = await Promise.all([
        readUserByName(sql, scopeOf(a.workspace.id), foldCase(a1.userName.toUpperCase()), { groups: true }),
        readUserByName(sql, scopeOf(a.workspace.id), foldCase(b1.userName), { groups: true }), // b's userName
        readUserByName(sql, scopeOf(b.workspace.id), foldCase(b1.userName), { groups: true }),
        readUserByName(sql, scopeOf(a.workspace.id), "nobody@example.test", { groups: true }),
      ]);
      expect(seen.reads).toBe(1);
      expect(found).toMatchObject({ id: a1.id, userName: a1.userName, memberGroups: [] });
      expect(crossed).toBeNull();
      expect(own).toMatchObject({ id: b1.id, workspaceId: b.workspace.id });
      expect(unknown).toBeNull();
    });

    it("a read that joins one still waiting for a connection sees a change committed before it asked", async () => {
      const { api, workspace } = await newWorkspace();
      const user = await createUser(api);
      let open!: () => void;
      const { sql, seen } = watched({ gate: new Promise<void>((resolve) => (open = resolve)) });
      const first = readUser(sql, scopeOf(workspace.id), user.id); // waits at the gate: not sent yet
      const renamed = await api.patch(
        `/Users/${user.id}`,
        patchOps({ op: "replace", path: "displayName", value: "Renamed" }),
      );
      expect(renamed.status).toBe(200);
      const next = readUser(sql, scopeOf(workspace.id), user.id); // asked after the change: joins the waiting read
      open();
      expect(await next).toMatchObject({ displayName: "Renamed" });
      expect(await first).toMatchObject({ displayName: "Renamed" });
      expect(seen.reads).toBe(1);
    });

    it("a read asked once the statement was sent waits for a read of its own", async () => {
      const { api, workspace } = await newWorkspace();
      const user = await createUser(api);
      let late: Promise<unknown> | undefined;
      const { sql, seen } = watched({
        beforeSend: () => (late ??= readUser(sql, scopeOf(workspace.id), user.id)),
      });
      expect(await readUser(sql, scopeOf(workspace.id), user.id)).toMatchObject({ id: user.id });
      expect(await late).toMatchObject({ id: user.id });
      expect(seen.reads).toBe(2);
    });
  });
});
