// Microsoft Entra ID provisioning, replayed over HTTP against the real handler and database.
// Request bodies marked "verbatim" are copied from /work/shared/docs/entra-scim.md (§1.2–§1.11), i.e.
// from Microsoft's documentation, with and without the aadOptscim062020 flag.
import { describe, expect, it } from "vitest";
import { ENTERPRISE, GROUP, USER, patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, expectList, expectScimError, guid, memberIds, q } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

async function entraUser(api: Awaited<ReturnType<typeof newWorkspace>>["api"], suffix = guid()) {
  const userName = `Test_User_${suffix}`;
  const email = `Test_User_${guid()}@testuser.com`;
  const res = await api.post("/Users", entra.createUserBody(userName, email, guid()));
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id as string, userName, email, body: res.body };
}

describe("Entra: Test Connection", () => {
  it("a filter for a random GUID userName answers 200 with an empty ListResponse (Users and Groups)", async () => {
    const { api } = await newWorkspace();
    await createUser(api); // a populated workspace must still answer "no match" with 200
    const users = await api.get(`/Users?filter=userName+eq+%22${guid()}%22`);
    expectList(users, 0, 0);
    expect(users.body.Resources).toEqual([]);
    const groups = await api.get(`/Groups?excludedAttributes=members&filter=displayName+eq+%22${guid()}%22`);
    expectList(groups, 0, 0);
    expect(groups.body.Resources).toEqual([]);
  });
});

describe("Entra: user lifecycle", () => {
  it("lookup → create (verbatim body) → lookup finds it with the resource Entra expects", async () => {
    const { api, db, workspace } = await newWorkspace();
    const userName = `Test_User_${guid()}`;
    const email = `Test_User_${guid()}@testuser.com`;

    const lookup = await api.get(entra.userNameLookup(userName));
    expectList(lookup, 0, 0);

    const created = await api.post("/Users", entra.createUserBody(userName, email));
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const id = created.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get("location")).toBe(`http://localhost:3000/scim/v2/Users/${id}`);
    expect(created.body).toMatchObject({
      schemas: [USER],
      id,
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName,
      active: true,
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      emails: [{ value: email, type: "work", primary: true }],
      meta: { resourceType: "User", location: `http://localhost:3000/scim/v2/Users/${id}`, version: 'W/"1"' },
    });
    expect(Date.parse(created.body.meta.created)).not.toBeNaN();
    expect(created.body.meta.lastModified).toBe(created.body.meta.created);
    // the client's meta and empty roles are not echoed as data
    expect(created.body.roles).toBeUndefined();

    const found = await api.get(entra.userNameLookup(userName));
    expectList(found, 1, 1);
    expect(found.body.Resources[0]).toEqual(created.body);

    const row = await db.member.findFirstOrThrow({ where: { id } });
    expect(row).toMatchObject({ workspaceId: workspace.id, source: "scim", status: "active", role: "member", email });
  });

  it("Update User [Multi-valued properties] (verbatim) → 200 with the updated resource", async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    const res = await api.patch(`/Users/${u.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(res.body.emails).toEqual([{ value: "updatedEmail@microsoft.com", type: "work", primary: true }]);
    expect(res.body.name).toEqual({
      formatted: "givenName familyName",
      familyName: "updatedFamilyName",
      givenName: "givenName",
    });
    expect(res.body.meta.version).toBe('W/"2"');
    const again = await api.get(`/Users/${u.id}`);
    expect(again.body.emails[0].value).toBe("updatedEmail@microsoft.com");
    // and the new email is what Entra can match on
    const byEmail = await api.get(`/Users?filter=${q('emails[type eq "work"].value eq "updatedemail@MICROSOFT.com"')}`);
    expectList(byEmail, 1, 1);
    expect(byEmail.body.Resources[0].id).toBe(u.id);
  });

  it("Update User [Single-valued properties] (verbatim): userName replace", async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    const res = await api.patch(`/Users/${u.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" }],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.userName).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    expectList(await api.get(entra.userNameLookup(u.userName)), 0, 0);
    const found = await api.get(
      `/Users?filter=${q('userName eq "5B50642D-79fc-4410-9e90-4c077cdd1a59@testuser.com"')}`,
    );
    expectList(found, 1, 1);
    expect(found.body.Resources[0].id).toBe(u.id);
  });

  it("multiple replaces without the flag (verbatim), incl. externalId and an enterprise attribute", async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    const res = await api.patch(`/Users/${u.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: "displayName", value: "Pvlo" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "TestBcwqnm@test.microsoft.com" },
        { op: "Replace", path: "name.givenName", value: "Gtfd" },
        { op: "Replace", path: "name.familyName", value: "Pkqf" },
        { op: "Replace", path: "externalId", value: "Eqpj" },
        {
          op: "Replace",
          path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
          value: "Eqpj",
        },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      schemas: [USER, ENTERPRISE],
      displayName: "Pvlo",
      externalId: "Eqpj",
      name: { givenName: "Gtfd", familyName: "Pkqf", formatted: "givenName familyName" },
      emails: [{ value: "TestBcwqnm@test.microsoft.com", type: "work", primary: true }],
      [ENTERPRISE]: { employeeNumber: "Eqpj" },
    });
    expect(res.body.employeeNumber).toBeUndefined();
    // externalId is mutable and matchable after the change (unquoted, as older Entra docs show)
    const byExt = await api.get(`/Users?filter=${q("externalId eq Eqpj")}`);
    expectList(byExt, 1, 1);
    expect(byExt.body.Resources[0].id).toBe(u.id);
    const byEmployee = await api.get(`/Users?filter=${q(`${ENTERPRISE}:employeeNumber eq "Eqpj"`)}`);
    expectList(byEmployee, 1, 1);
  });

  it("path-less replace with aadOptscim062020 (verbatim): dotted and URN keys are paths", async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    const res = await api.patch(`/Users/${u.id}?aadOptscim062020`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
        {
          op: "replace",
          value: {
            displayName: "Bjfe",
            "name.givenName": "Kkom",
            "name.familyName": "Unua",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
          },
        },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.displayName).toBe("Bjfe");
    expect(res.body.name).toEqual({ formatted: "givenName familyName", givenName: "Kkom", familyName: "Unua" });
    expect(res.body.emails).toEqual([{ value: "TestMhvaes@test.microsoft.com", type: "work", primary: true }]);
    expect(res.body[ENTERPRISE]).toEqual({ employeeNumber: "Aklq" });
    // nothing stored under literal dotted keys
    expect(Object.keys(res.body).filter((k) => k.includes(".") && !k.startsWith("urn:"))).toEqual([]);
    expect(Object.keys(res.body[ENTERPRISE])).toEqual(["employeeNumber"]);
    const stored = await api.get(`/Users/${u.id}`);
    expect(stored.body).toEqual(res.body);
  });

  it("Add on a previously empty single-valued attribute (nickName) and a mixed Replace/Add body", async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    const res = await api.patch(
      `/Users/${u.id}`,
      patchOps(
        { op: "Add", path: "nickName", value: "Babs" },
        { op: "Replace", path: 'addresses[type eq "work"].formatted', value: "18/2111" },
        { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Retail" },
      ),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.nickName).toBe("Babs");
    expect(res.body.addresses).toEqual([{ type: "work", formatted: "18/2111" }]);
    expect(res.body[ENTERPRISE]).toEqual({ department: "Retail" });
  });

  it('soft delete with "False" (default job) and false (flag): still returned by GET and by filter; reactivate with "True"', async () => {
    const { api, db } = await newWorkspace();
    const a = await entraUser(api);
    const b = await entraUser(api);

    const offA = await api.patch(`/Users/${a.id}`, entra.setActive(false));
    expect(offA.status, offA.text).toBe(200);
    expect(offA.body.active).toBe(false);
    const offB = await api.patch(`/Users/${b.id}`, entra.setActive(false, { aadOptscim062020: true }));
    expect(offB.status, offB.text).toBe(200);
    expect(offB.body.active).toBe(false);

    for (const u of [a, b]) {
      const got = await api.get(`/Users/${u.id}`);
      expect(got.status).toBe(200);
      expect(got.body.active).toBe(false);
      const byName = await api.get(entra.userNameLookup(u.userName));
      expectList(byName, 1, 1);
      expect(byName.body.Resources[0].active).toBe(false);
    }
    const inactive = await api.get(`/Users?filter=${q("active eq false")}`);
    expect(inactive.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(await db.member.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      active: false,
      status: "suspended",
    });

    const on = await api.patch(`/Users/${a.id}`, entra.setActive(true));
    expect(on.status, on.text).toBe(200);
    expect(on.body.active).toBe(true);
    expect(await db.member.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      active: true,
      status: "active",
    });
    const stillInactive = await api.get(`/Users?filter=${q("active eq false")}`);
    expect(stillInactive.body.Resources.map((r: { id: string }) => r.id)).toEqual([b.id]);
  });

  it("hard delete → 204; GET → 404; second DELETE → 404; the same userName can be provisioned again", async () => {
    const { api, db } = await newWorkspace();
    const u = await entraUser(api);
    const stays = await entraUser(api);
    const g = await createGroup(api, `G ${guid()}`, [u.id, stays.id]);
    const del = await api.delete(`/Users/${u.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expectScimError(await api.get(`/Users/${u.id}`), 404);
    expectScimError(await api.delete(`/Users/${u.id}`), 404);
    expectScimError(await api.patch(`/Users/${u.id}`, entra.setActive(false)), 404);
    expectScimError(await api.put(`/Users/${u.id}`, { userName: u.userName }), 404);
    expectList(await api.get(entra.userNameLookup(u.userName)), 0, 0);
    expect(await db.member.count({ where: { id: u.id } })).toBe(0);
    // memberships go with the user; other members stay
    expect(await memberIds(api, g.id)).toEqual([stays.id]);
    expectList(await api.get(`/Groups?filter=${q(`members.value eq "${u.id}"`)}`), 0, 0);

    const again = await api.post("/Users", entra.createUserBody(u.userName.toUpperCase(), u.email));
    expect(again.status, again.text).toBe(201);
    expect(again.body.id).not.toBe(u.id);
    expect(again.body.userName).toBe(u.userName.toUpperCase());
  });

  it("user PATCH op names are case-insensitive (Add / Replace / Remove / REPLACE)", async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    const res = await api.patch(
      `/Users/${u.id}`,
      patchOps(
        { op: "Add", path: "title", value: "Engineer" },
        { op: "REPLACE", path: "displayName", value: "Shown" },
        { op: "Add", path: "nickName", value: "Nick" },
        { op: "Remove", path: "nickName" },
        { op: "rEpLaCe", path: "preferredLanguage", value: "sv-SE" },
      ),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ title: "Engineer", displayName: "Shown", preferredLanguage: "sv-SE" });
    expect(res.body.nickName).toBeUndefined();
  });

  it("an empty Operations array → 200 and the resource is unchanged", async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    const res = await api.patch(`/Users/${u.id}`, patchOps());
    expect(res.status, res.text).toBe(200);
    const { meta: m1, ...before } = u.body;
    const { meta: m2, ...after } = res.body;
    expect(after).toEqual(before);
    expect(m2.created).toBe(m1.created);
  });

  it('emails[type eq "work"].value eq filter matches the work email (case-insensitively) and nothing else', async () => {
    const { api } = await newWorkspace();
    const u = await entraUser(api);
    await entraUser(api);
    const other = await createUser(api, { emails: [{ type: "home", value: u.email }] }); // same address, not work
    const res = await api.get(`/Users?filter=${q(`emails[type eq "work"].value eq "${u.email.toUpperCase()}"`)}`);
    expectList(res, 1, 1);
    expect(res.body.Resources[0].id).toBe(u.id);
    const any = await api.get(`/Users?filter=${q(`emails.value eq "${u.email}"`)}`);
    expect(any.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual([u.id, other.id].sort());
  });

  it("externalId eq with an unquoted value, and externalId is case-exact", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, { externalId: "jyoung" });
    await createUser(api, { externalId: "JYOUNG" });
    const res = await api.get(`/Users?filter=${q("externalId eq jyoung")}`);
    expectList(res, 1, 1);
    expect(res.body.Resources[0].id).toBe(u.id);
  });

  it("the legacy create body (nulls, misspelled enterprise URN, top-level manager/department null) → 201", async () => {
    const { api } = await newWorkspace();
    const res = await api.post("/Users", {
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0User",
      ],
      externalId: "jyoung",
      userName: "jyoung@testuser.com",
      active: true,
      addresses: null,
      displayName: "Joy Young",
      emails: [{ type: "work", value: "jyoung@Contoso.com", primary: true }],
      meta: { resourceType: "User" },
      name: { familyName: "Young", givenName: "Joy" },
      phoneNumbers: null,
      preferredLanguage: null,
      title: null,
      department: null,
      manager: null,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      schemas: [USER],
      userName: "jyoung@testuser.com",
      externalId: "jyoung",
      displayName: "Joy Young",
      active: true,
      emails: [{ type: "work", value: "jyoung@Contoso.com", primary: true }],
      name: { familyName: "Young", givenName: "Joy" },
    });
    for (const k of ["addresses", "phoneNumbers", "preferredLanguage", "title", "department", "manager"]) {
      expect(res.body[k], k).toBeUndefined();
    }
  });

  it('"active": "True" in a POST → 201 with active true as a JSON boolean; "False" → false', async () => {
    const { api, db } = await newWorkspace();
    const on = await createUser(api, { active: "True" });
    expect(on.active).toBe(true);
    const off = await createUser(api, { active: "False" });
    expect(off.active).toBe(false);
    expect(await db.member.findUniqueOrThrow({ where: { id: off.id } })).toMatchObject({
      active: false,
      status: "suspended",
    });
  });

  it("password is accepted on POST, PUT and PATCH and never returned or stored", async () => {
    const { api, db } = await newWorkspace();
    const secret = "Pa55w0rd-never-echo-7f1c";
    const u = await createUser(api, { password: secret });
    expect(u.password).toBeUndefined();
    const put = await api.put(`/Users/${u.id}`, { userName: u.userName, password: secret + "2", active: true });
    expect(put.status, put.text).toBe(200);
    const patched = await api.patch(
      `/Users/${u.id}`,
      patchOps({ op: "replace", path: "password", value: secret + "3" }),
    );
    expect(patched.status, patched.text).toBe(200);
    const list = await api.get(entra.userNameLookup(u.userName));
    for (const text of [JSON.stringify(u), put.text, patched.text, list.text]) expect(text).not.toContain(secret);
    const row = await db.member.findUniqueOrThrow({ where: { id: u.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("values are stored and returned exactly as sent (phone 55555555555, addresses, mixed-case email)", async () => {
    const { api } = await newWorkspace();
    const phoneNumbers = [
      { type: "work", value: "55555555555" },
      { type: "mobile", value: "+1 (425) 555-0100", primary: true },
    ];
    const addresses = [
      {
        type: "work",
        streetAddress: "1 Main St",
        locality: "Redmond",
        region: "WA",
        postalCode: "98052",
        country: "US",
        formatted: "1 Main St\nRedmond",
      },
    ];
    const emails = [{ type: "work", value: "MiXeD.Case@Example.COM", primary: true }];
    const u = await createUser(api, { phoneNumbers, addresses, emails, title: "  Lead  " });
    const got = await api.get(`/Users/${u.id}`);
    expect(got.body.phoneNumbers).toEqual(phoneNumbers);
    expect(got.body.addresses).toEqual(addresses);
    expect(got.body.emails).toEqual(emails);
    expect(got.body.title).toBe("  Lead  ");
    const patched = await api.patch(
      `/Users/${u.id}`,
      patchOps({ op: "Replace", path: 'phoneNumbers[type eq "fax"].value', value: "55555555555" }),
    );
    expect(patched.body.phoneNumbers).toEqual([...phoneNumbers, { type: "fax", value: "55555555555" }]);
  });

  it("enterprise extension fields are returned under the enterprise URN key", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, {
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: {
        employeeNumber: "701984",
        costCenter: "4130",
        organization: "Universal Studios",
        division: "Theme Park",
        department: "Tour Operations",
      },
    });
    const got = await api.get(`/Users/${u.id}`);
    expect(got.body.schemas).toEqual([USER, ENTERPRISE]);
    expect(got.body[ENTERPRISE]).toEqual({
      employeeNumber: "701984",
      costCenter: "4130",
      organization: "Universal Studios",
      division: "Theme Park",
      department: "Tour Operations",
    });
    for (const k of ["employeeNumber", "department", "costCenter"]) expect(got.body[k]).toBeUndefined();
    const byDept = await api.get(`/Users?filter=${q(`${ENTERPRISE}:department eq "tour operations"`)}`);
    expectList(byDept, 1, 1);
  });

  it("userType admin / user / member_lite sets the workspace role; other values leave it", async () => {
    const { api, db } = await newWorkspace();
    const roleOf = async (id: string) => (await db.member.findUniqueOrThrow({ where: { id } })).role;
    const admin = await createUser(api, { userType: "admin" });
    const user = await createUser(api, { userType: "user" });
    const lite = await createUser(api, { userType: "member_lite" });
    const none = await createUser(api, {});
    expect([await roleOf(admin.id), await roleOf(user.id), await roleOf(lite.id), await roleOf(none.id)]).toEqual([
      "admin",
      "member",
      "member_lite",
      "member",
    ]);
    expect(admin.userType).toBe("admin");

    await api.patch(`/Users/${lite.id}`, patchOps({ op: "Replace", path: "userType", value: "Admin" }));
    expect(await roleOf(lite.id)).toBe("admin");
    await api.patch(`/Users/${admin.id}`, patchOps({ op: "replace", value: { userType: "member_lite" } }));
    expect(await roleOf(admin.id)).toBe("member_lite");
    const odd = await api.patch(
      `/Users/${user.id}`,
      patchOps({ op: "Replace", path: "userType", value: "Contractor" }),
    );
    expect(odd.body.userType).toBe("Contractor");
    expect(await roleOf(user.id)).toBe("member");
  });

  it('roles: POST with primary "True"; PATCH Add with a JSON string value (verbatim); Assertive replace', async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, {
      roles: [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" }],
    });
    expect(u.roles).toEqual([{ primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" }]);
    const roleJson = '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}';
    const add = await api.patch(`/Users/${u.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Add", path: "roles", value: [{ value: roleJson }] }],
    });
    expect(add.status, add.text).toBe(200);
    expect(add.body.roles).toEqual([
      { primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" },
      { value: roleJson },
    ]);
    const replace = await api.patch(
      `/Users/${u.id}`,
      patchOps({ op: "replace", path: "roles", value: [{ value: "Reader", primary: "False" }, { value: "Writer" }] }),
    );
    expect(replace.body.roles).toEqual([{ value: "Reader", primary: false }, { value: "Writer" }]);
  });

  it("create-on-absent: Add and Replace on emails/addresses/phoneNumbers value paths create the element", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, {
      emails: [{ type: "home", value: "home@example.com" }],
      addresses: [{ type: "home", locality: "Oslo" }],
    });
    const res = await api.patch(
      `/Users/${u.id}`,
      patchOps(
        { op: "Add", path: 'emails[type eq "work"].value', value: "work@example.com" },
        { op: "Replace", path: 'emails[type eq "other"].Value', value: "proxy@example.com" },
        { op: "Add", path: 'addresses[type eq "work"].streetAddress', value: "1 Work Rd" },
        { op: "Replace", path: 'addresses[type eq "work"].postalCode', value: "0150" },
        { op: "Replace", path: 'addresses[type eq "other"].Formatted', value: "Office 12" },
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+4712345678" },
        { op: "Replace", path: 'phoneNumbers[type eq "work"].value', value: "22222222" },
      ),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.emails).toEqual([
      { type: "home", value: "home@example.com" },
      { type: "work", value: "work@example.com" },
      { type: "other", value: "proxy@example.com" },
    ]);
    expect(res.body.addresses).toEqual([
      { type: "home", locality: "Oslo" },
      { type: "work", streetAddress: "1 Work Rd", postalCode: "0150" },
      { type: "other", formatted: "Office 12" },
    ]);
    expect(res.body.phoneNumbers).toEqual([
      { type: "mobile", value: "+4712345678" },
      { type: "work", value: "22222222" },
    ]);
    // the created work email is now the member's email and matchable
    const byWork = await api.get(`/Users?filter=${q('emails[type eq "work"].value eq "work@example.com"')}`);
    expectList(byWork, 1, 1);
  });
});

describe("Entra: custom extension attributes", () => {
  const CUSTOM = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
  it("are stored under their URN even when the URN is missing from schemas, filterable and PATCHable", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, { [`${CUSTOM}:CustomAttribute`]: "Blue", [`${CUSTOM}:costCode`]: "77" });
    expect(u[CUSTOM]).toEqual({ CustomAttribute: "Blue", costCode: "77" });
    expect(u.schemas).toEqual([USER, CUSTOM]);
    const found = await api.get(`/Users?filter=${q(`${CUSTOM}:CustomAttribute eq "blue"`)}`);
    expectList(found, 1, 1);
    expect(found.body.Resources[0].id).toBe(u.id);
    const patched = await api.patch(
      `/Users/${u.id}`,
      patchOps(
        { op: "Replace", path: `${CUSTOM}:CustomAttribute`, value: "Green" },
        { op: "Remove", path: `${CUSTOM}:costCode` },
      ),
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body[CUSTOM]).toEqual({ CustomAttribute: "Green" });
    const flag = await api.patch(
      `/Users/${u.id}`,
      patchOps({ op: "replace", value: { [`${CUSTOM}:CustomAttribute`]: "Red" } }),
    );
    expect(flag.body[CUSTOM]).toEqual({ CustomAttribute: "Red" });
    expectList(await api.get(`/Users?filter=${q(`${CUSTOM}:CustomAttribute eq "Blue"`)}`), 0, 0);
  });
});

describe("Entra: manager", () => {
  async function pair() {
    const ws = await newWorkspace();
    const boss = await createUser(ws.api, { displayName: "The Boss" });
    const report = await createUser(ws.api);
    return { ...ws, boss, report };
  }
  const managerOf = (body: Record<string, unknown>) => (body[ENTERPRISE] as { manager?: unknown } | undefined)?.manager;

  it("a bare id string (current Entra) links the manager; rendered as {value,$ref,displayName} under the URN", async () => {
    const { api, db, boss, report } = await pair();
    const res = await api.patch(
      `/Users/${report.id}`,
      patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: boss.id }),
    );
    expect(res.status, res.text).toBe(200);
    expect(managerOf(res.body)).toEqual({
      value: boss.id,
      $ref: `http://localhost:3000/scim/v2/Users/${boss.id}`,
      displayName: "The Boss",
    });
    expect(res.body.manager).toBeUndefined();
    expect((await db.member.findUniqueOrThrow({ where: { id: report.id } })).managerId).toBe(boss.id);
    // a GET returns the same shape (what Entra diffs against)
    expect(managerOf((await api.get(`/Users/${report.id}`)).body)).toEqual(managerOf(res.body));
  });

  it("{value} and [{value,$ref}] (Example 5) forms link too", async () => {
    const { api, boss, report } = await pair();
    const other = await createUser(api, { displayName: undefined, userName: "second.boss@example.com" });
    const a = await api.patch(
      `/Users/${report.id}`,
      patchOps({ op: "Replace", path: `${ENTERPRISE}:manager`, value: { value: boss.id } }),
    );
    expect(managerOf(a.body)).toMatchObject({ value: boss.id });
    const b = await api.patch(
      `/Users/${report.id}`,
      patchOps({ op: "Add", path: "manager", value: [{ $ref: `http://x/scim/Users/${other.id}`, value: other.id }] }),
    );
    expect(b.status, b.text).toBe(200);
    // displayName falls back to userName when the manager has none
    expect(managerOf(b.body)).toEqual({
      value: other.id,
      $ref: `http://localhost:3000/scim/v2/Users/${other.id}`,
      displayName: "second.boss@example.com",
    });
    const byManager = await api.get(
      `/Users?filter=${q(`id eq "${report.id}" and manager eq "${other.id}"`)}&attributes=id`,
    );
    expectList(byManager, 1, 1);
    expect(Object.keys(byManager.body.Resources[0]).sort()).toEqual(["id", "meta", "schemas"]);
  });

  it('remove via Replace with "" and via a remove op', async () => {
    const { api, db, boss, report } = await pair();
    await api.patch(`/Users/${report.id}`, patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: boss.id }));
    const cleared = await api.patch(
      `/Users/${report.id}`,
      patchOps({ op: "replace", path: `${ENTERPRISE}:manager`, value: "" }),
    );
    expect(cleared.status, cleared.text).toBe(200);
    expect(managerOf(cleared.body)).toBeUndefined();
    expect((await db.member.findUniqueOrThrow({ where: { id: report.id } })).managerId).toBeNull();

    await api.patch(`/Users/${report.id}`, patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: boss.id }));
    const removed = await api.patch(`/Users/${report.id}`, patchOps({ op: "remove", path: `${ENTERPRISE}:manager` }));
    expect(removed.status, removed.text).toBe(200);
    expect(managerOf(removed.body)).toBeUndefined();
    expect(removed.body[ENTERPRISE]).toBeUndefined();
    expect((await db.member.findUniqueOrThrow({ where: { id: report.id } })).managerId).toBeNull();
  });

  it("deleting the manager unlinks the report", async () => {
    const { api, boss, report } = await pair();
    await api.patch(`/Users/${report.id}`, patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: boss.id }));
    expect((await api.delete(`/Users/${boss.id}`)).status).toBe(204);
    const got = await api.get(`/Users/${report.id}`);
    expect(got.status).toBe(200);
    expect(managerOf(got.body)).toBeUndefined();
  });
});

describe("Entra: groups", () => {
  it("Create Group (verbatim, with the ADSCIM URN) → 201 with members: []", async () => {
    const { api } = await newWorkspace();
    const externalId = guid();
    const res = await api.post("/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group", entra.ADSCIM_GROUP],
      externalId,
      displayName: "displayName",
      meta: { resourceType: "Group" },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const id = res.body.id as string;
    expect(res.headers.get("location")).toBe(`http://localhost:3000/scim/v2/Groups/${id}`);
    expect(res.body).toEqual({
      schemas: [GROUP],
      id,
      externalId,
      displayName: "displayName",
      members: [],
      meta: {
        resourceType: "Group",
        created: expect.any(String),
        lastModified: expect.any(String),
        location: `http://localhost:3000/scim/v2/Groups/${id}`,
        version: 'W/"1"',
      },
    });
  });

  it("lookup by displayName with excludedAttributes=members, and GET by id with excludedAttributes=members", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const g = await createGroup(api, "displayName", [u.id]);
    const list = await api.get(`/Groups?excludedAttributes=members&filter=${q('displayName eq "displayName"')}`);
    expectList(list, 1, 1);
    expect(list.body.Resources[0]).toMatchObject({
      id: g.id,
      displayName: "displayName",
      meta: { resourceType: "Group" },
    });
    expect(list.body.Resources[0]).not.toHaveProperty("members");
    // the raw Entra request line (spaces encoded as %20, quotes unencoded)
    const raw = await api.get(`/Groups?excludedAttributes=members&filter=displayName%20eq%20"DISPLAYNAME"`);
    expectList(raw, 1, 1);
    const one = await api.get(`/Groups/${g.id}?excludedAttributes=members`);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty("members");
    expect(one.body.displayName).toBe("displayName");
    const full = await api.get(`/Groups/${g.id}`);
    expect(full.body.members).toEqual([
      { value: u.id, $ref: `http://localhost:3000/scim/v2/Users/${u.id}`, display: u.displayName, type: "User" },
    ]);
  });

  it("Add Members (verbatim, $ref null): one, then several in one PATCH → 204", async () => {
    const { api } = await newWorkspace();
    const [a, b, c] = [await createUser(api), await createUser(api), await createUser(api)];
    const g = await createGroup(api, `G ${guid()}`);
    const one = await api.patch(`/Groups/${g.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: a.id }] }],
    });
    expect(one.status, one.text).toBe(204);
    expect(one.text).toBe("");
    expect(await memberIds(api, g.id)).toEqual([a.id]);
    const several = await api.patch(`/Groups/${g.id}`, entra.addMembers(b.id, c.id, a.id));
    expect(several.status, several.text).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([a.id, b.id, c.id].sort());
  });

  it("Remove Members, default job (verbatim value array) removes ONLY the listed members", async () => {
    const { api } = await newWorkspace();
    const users = [await createUser(api), await createUser(api), await createUser(api), await createUser(api)];
    const g = await createGroup(
      api,
      `G ${guid()}`,
      users.map((u) => u.id),
    );
    const res = await api.patch(`/Groups/${g.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: users[1].id }] }],
    });
    expect(res.status, res.text).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([users[0].id, users[2].id, users[3].id].sort());
    const two = await api.patch(
      `/Groups/${g.id}`,
      patchOps({ op: "Remove", path: "members", value: [{ value: users[0].id }, { value: users[3].id }] }),
    );
    expect(two.status).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([users[2].id]);
    // removing an absent member is fine (idempotent)
    const again = await api.patch(
      `/Groups/${g.id}`,
      patchOps({ op: "Remove", path: "members", value: [{ value: users[0].id }] }),
    );
    expect(again.status).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([users[2].id]);
  });

  it("group PATCH op names are case-insensitive; empty Operations → 204 unchanged; unknown ids are ignored", async () => {
    const { api } = await newWorkspace();
    const [a, b] = [await createUser(api), await createUser(api)];
    const g = await createGroup(api, `G ${guid()}`);
    expect(
      (await api.patch(`/Groups/${g.id}`, patchOps({ op: "ADD", path: "members", value: [{ value: a.id }] }))).status,
    ).toBe(204);
    expect(
      (await api.patch(`/Groups/${g.id}`, patchOps({ op: "aDd", path: "Members", value: [{ Value: b.id }] }))).status,
    ).toBe(204);
    expect(
      (await api.patch(`/Groups/${g.id}`, patchOps({ op: "REMOVE", path: `members[value eq "${a.id}"]` }))).status,
    ).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([b.id]);
    const empty = await api.patch(`/Groups/${g.id}`, patchOps());
    expect(empty.status, empty.text).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([b.id]);
    // Microsoft's Postman "garbage": a bare, unknown id and an extra top-level id → 204, nothing stored
    const garbage = await api.patch(`/Groups/${g.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      id: g.id,
      Operations: [{ op: "add", path: "members", value: "string id 1" }],
    });
    expect(garbage.status, garbage.text).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([b.id]);
  });

  it("Remove member with aadOptscim062020 (verbatim filter path) removes only that member", async () => {
    const { api } = await newWorkspace();
    const [a, b] = [await createUser(api), await createUser(api)];
    const g = await createGroup(api, `G ${guid()}`, [a.id, b.id]);
    const res = await api.patch(`/Groups/${g.id}?aadOptscim062020`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: `members[value eq "${a.id}"]` }],
    });
    expect(res.status, res.text).toBe(204);
    expect(await memberIds(api, g.id)).toEqual([b.id]);
  });

  it("Update Group [Non-member attributes] (verbatim rename) → 204; the new name is matchable", async () => {
    const { api } = await newWorkspace();
    const g = await createGroup(api, "displayName");
    const res = await api.patch(`/Groups/${g.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" },
      ],
    });
    expect(res.status, res.text).toBe(204);
    const found = await api.get(
      `/Groups?filter=${q('displayName eq "1879db59-3bdf-4490-ad68-ab880a269474updateddisplayname"')}`,
    );
    expectList(found, 1, 1);
    expect(found.body.Resources[0].id).toBe(g.id);
    expectList(await api.get(`/Groups?filter=${q('displayName eq "displayName"')}`), 0, 0);
  });

  it("Delete Group → 204; GET → 404; second DELETE → 404; members keep existing", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const g = await createGroup(api, `G ${guid()}`, [u.id]);
    expect((await api.delete(`/Groups/${g.id}`)).status).toBe(204);
    expectScimError(await api.get(`/Groups/${g.id}`), 404);
    expectScimError(await api.delete(`/Groups/${g.id}`), 404);
    expectScimError(
      await api.patch(`/Groups/${g.id}`, patchOps({ op: "Add", path: "members", value: [{ value: u.id }] })),
      404,
    );
    expect((await api.get(`/Users/${u.id}`)).status).toBe(200);
  });
});
