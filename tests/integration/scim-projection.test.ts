// SCIM attribute projection over HTTP: `attributes` and `excludedAttributes`, on the real handler and database.
import { describe, expect, it } from "vitest";
import { ENTERPRISE, GROUP, USER, patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, expectList, q, userBody } from "../support/scim-resources";

describe("attributes / excludedAttributes", () => {
  it("on list and GET: attributes keeps only what was asked (+ id, schemas, meta.resourceType)", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, {
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: { department: "Ops", costCenter: "9" },
    });
    const list = await api.get(`/Users?filter=${q(`id eq "${u.id}"`)}&attributes=userName`);
    expectList(list, 1, 1);
    expect(list.body.Resources[0]).toEqual({
      schemas: u.schemas,
      id: u.id,
      userName: u.userName,
      meta: { resourceType: "User" },
    });
    const sub = await api.get(`/Users/${u.id}?attributes=name.givenName,emails.value`);
    expect(sub.body.name).toEqual({ givenName: (u.name as { givenName: string }).givenName });
    expect(sub.body.emails).toEqual([{ value: (u.emails as { value: string }[])[0].value }]);
    expect(sub.body.userName).toBeUndefined();
    const ext = await api.get(`/Users/${u.id}?attributes=${q(`${ENTERPRISE}:department`)}`);
    expect(ext.body[ENTERPRISE]).toEqual({ department: "Ops" });
    expect(ext.body.userName).toBeUndefined();
    const excluded = await api.get(`/Users/${u.id}?excludedAttributes=emails,name,groups,id`);
    expect(excluded.body.id).toBe(u.id);
    expect(excluded.body).not.toHaveProperty("emails");
    expect(excluded.body).not.toHaveProperty("name");
    expect(excluded.body).not.toHaveProperty("groups");
    expect(excluded.body.userName).toBe(u.userName);
    // Postman's filtered attribute form selects the whole attribute
    const complex = await api.get(`/Users?attributes=${q('emails[type eq "work"]')}&filter=${q(`id eq "${u.id}"`)}`);
    expect(complex.body.Resources[0].emails).toEqual(u.emails);
  });

  it("on create and PATCH responses", async () => {
    const { api } = await newWorkspace();
    const created = await api.post("/Users?attributes=userName,active", userBody({ title: "T" }));
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(["active", "id", "meta", "schemas", "userName"]);
    const patched = await api.patch(
      `/Users/${created.body.id}?excludedAttributes=emails,name,groups`,
      patchOps({ op: "replace", path: "title", value: "U" }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe("U");
    expect(patched.body).not.toHaveProperty("emails");
    expect(patched.body).not.toHaveProperty("name");
    const group = await api.post("/Groups?excludedAttributes=members", { schemas: [GROUP], displayName: "G" });
    expect(group.status).toBe(201);
    expect(group.body).not.toHaveProperty("members");
  });

  it("excludedAttributes=members on /Groups and /Groups/{id}; attributes=displayName drops members too", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const g = await createGroup(api, "With member", [u.id]);
    const list = await api.get("/Groups?excludedAttributes=members");
    expectList(list, 1, 1);
    expect(list.body.Resources[0]).not.toHaveProperty("members");
    expect(list.body.Resources[0].displayName).toBe("With member");
    const one = await api.get(`/Groups/${g.id}?excludedAttributes=members`);
    expect(one.body).not.toHaveProperty("members");
    const attrs = await api.get(`/Groups/${g.id}?attributes=displayName`);
    expect(attrs.body).toEqual({
      schemas: [GROUP],
      id: g.id,
      displayName: "With member",
      meta: { resourceType: "Group" },
    });
    const withMembers = await api.get(`/Groups?attributes=members`);
    expect(withMembers.body.Resources[0].members.map((m: { value: string }) => m.value)).toEqual([u.id]);
  });
});
