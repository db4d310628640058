// SCIM users on the driver-level hot path (lib/db/sql.ts): rows written by the SCIM path and by Prisma read back the
// same through both, owner protection, through the real handler on the configured database.
import { describe, it, expect } from "vitest";
import { createManualMember } from "@/lib/services/members";
import { BASE, ENTERPRISE, GROUP, USER, patchOps } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { expectList, expectScimError, q, enterpriseUserBody as userBody } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

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
});
