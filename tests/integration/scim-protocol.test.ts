// SCIM protocol behaviour over HTTP (RFC 7644 plus what Entra, Okta and Microsoft's Postman collection
// need): filters, paging, sorting, projection, discovery, routing, body handling, auth, plan gate,
// the provisioning log, and the last-owner guard-rail.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createManualMember } from "@/lib/services/members";
import { createToken, revokeToken } from "@/lib/services/tokens";
import { handleScim } from "@/lib/scim-http/handler";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";
import { BASE, ENTERPRISE, GROUP, USER, client, patchOps, scim } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { ERROR, createGroup, createUser, expectList, expectScimError, guid, q, userBody } from "../support/scim-resources";
import { resetConfig } from "@/lib/config";
import * as entra from "../fixtures/entra";

type Ws = Awaited<ReturnType<typeof newWorkspace>>;

/** A workspace with the owner plus three users whose attributes the filter tests rely on. */
async function seeded() {
  const ws = await newWorkspace();
  const { api } = ws;
  const alice = await createUser(api, {
    schemas: [USER, ENTERPRISE],
    userName: "Alice@Example.com",
    displayName: "Alice Anders",
    name: { givenName: "Alice", familyName: "Anders" },
    emails: [{ type: "work", value: "alice@example.com", primary: true }, { type: "home", value: "alice@home.org" }],
    externalId: "ext-A",
    title: "Engineer",
    [ENTERPRISE]: { department: "R&D", employeeNumber: "100" },
  });
  const bob = await createUser(api, {
    userName: "bob@example.com",
    displayName: "Bob Builder",
    name: { givenName: "Bob", familyName: "Builder" },
    emails: [{ type: "work", value: "bob@example.org" }],
    externalId: "EXT-b",
    title: "Manager",
    active: false,
    [ENTERPRISE]: { department: "Sales", employeeNumber: "200" },
  });
  const carol = await createUser(api, {
    userName: "carol@sub.example.net",
    displayName: "Carol",
    name: { givenName: "Carol", familyName: "Anders" },
    emails: [{ type: "work", value: "carol@example.net" }],
    externalId: undefined,
  });
  // Explicit timestamps instead of the wall clock: the owner and alice were created (and last modified)
  // an hour before `between`, bob and carol an hour after it.
  const between = "2031-06-15T12:00:00.000Z";
  const at = (ms: number) => new Date(Date.parse(between) + ms);
  for (const [id, t] of [[ws.owner.id, -3_600_000], [alice.id, -3_599_000], [bob.id, 3_600_000], [carol.id, 3_601_000]] as const) {
    await ws.db.member.update({ where: { id }, data: { createdAt: at(t), updatedAt: at(t) } });
  }
  const names: Record<string, string> = { [alice.id]: "alice", [bob.id]: "bob", [carol.id]: "carol", [ws.owner.id]: "owner" };
  /** The seeded users a filter returns, by short name, sorted. */
  const match = async (filter: string, type = "/Users") => {
    const res = await api.get(`${type}?filter=${q(filter)}`);
    expect(res.status, `${filter}: ${res.text}`).toBe(200);
    expect(res.body.totalResults).toBe(res.body.Resources.length);
    return (res.body.Resources as { id: string }[]).map((r) => names[r.id] ?? r.id).sort();
  };
  return { ...ws, alice, bob, carol, between, match };
}

describe("filters", () => {
  it("comparison operators eq ne co sw ew pr gt ge lt le", async () => {
    const { match } = await seeded();
    expect(await match('userName eq "alice@example.com"')).toEqual(["alice"]);
    expect(await match('title ne "Engineer"')).toEqual(["bob", "carol", "owner"]);
    expect(await match('userName co "EXAMPLE.COM"')).toEqual(["alice", "bob"]);
    expect(await match('userName sw "a"')).toEqual(["alice"]);
    expect(await match('userName ew ".NET"')).toEqual(["carol"]);
    expect(await match("title pr")).toEqual(["alice", "bob"]);
    expect(await match("externalId pr")).toEqual(["alice", "bob"]);
    expect(await match('userName gt "bob@example.com"')).toEqual(["carol", "owner"]);
    expect(await match('userName ge "bob@example.com"')).toEqual(["bob", "carol", "owner"]);
    expect(await match('userName lt "BOB@example.com"')).toEqual(["alice"]);
    expect(await match('userName le "bob@example.com"')).toEqual(["alice", "bob"]);
    expect(await match(`${ENTERPRISE}:employeeNumber gt "150"`)).toEqual(["bob"]);
    expect(await match("active eq true")).toEqual(["alice", "carol", "owner"]);
    expect(await match('userName eq "nobody@example.com"')).toEqual([]);
  });

  it("and / or / not and parentheses (Postman's garbage filter too)", async () => {
    const { match } = await seeded();
    expect(await match('name.familyName eq "Anders" and (emails.value co "example.com" or emails.value co "example.net")')).toEqual(["alice", "carol"]);
    expect(await match("name.FamilyName eq Anders and (emails.Value co example.com or emails.Value co example.org)")).toEqual(["alice"]);
    expect(await match('title eq "Engineer" or title eq "Manager"')).toEqual(["alice", "bob"]);
    expect(await match("not (title pr)")).toEqual(["carol", "owner"]);
    expect(await match('not (userName eq "alice@example.com") and active eq true')).toEqual(["carol", "owner"]);
    expect(await match('(userName sw "a" or userName sw "b") and not (active eq false)')).toEqual(["alice"]);
    expect(await match('userName sw "a" or userName sw "b" and active eq false')).toEqual(["alice", "bob"]);
  });

  it("attribute names and operators are case-insensitive; userName/displayName/emails case-insensitive; externalId and id case-exact", async () => {
    const { match, alice } = await seeded();
    expect(await match('USERNAME EQ "ALICE@EXAMPLE.COM"')).toEqual(["alice"]);
    expect(await match('DisplayName Eq "alice anders"')).toEqual(["alice"]);
    expect(await match('emails.VALUE eQ "ALICE@HOME.ORG"')).toEqual(["alice"]);
    expect(await match(`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "alice@example.com"`)).toEqual(["alice"]);
    expect(await match('externalId eq "ext-A"')).toEqual(["alice"]);
    expect(await match('externalId eq "EXT-A"')).toEqual([]);
    expect(await match('externalId eq "ext-b"')).toEqual([]);
    expect(await match(`id eq "${alice.id}"`)).toEqual(["alice"]);
    expect(await match(`id eq "${alice.id.toUpperCase()}"`)).toEqual([]);
  });

  it("meta.created gt with Postman's date format, and against a timestamp between creations", async () => {
    const { match, between } = await seeded();
    expect(await match("meta.Created gt 2015-10-10T14:38:21.8617979-07:00")).toEqual(["alice", "bob", "carol", "owner"]);
    expect(await match(`meta.created gt "${between}"`)).toEqual(["bob", "carol"]);
    expect(await match(`meta.created lt "${between}"`)).toEqual(["alice", "owner"]);
    expect(await match(`meta.lastModified ge "${between}"`)).toEqual(["bob", "carol"]);
  });

  it("name.familyName, emails.value co, emails[type eq] value paths, enterprise attributes by URN", async () => {
    const { match } = await seeded();
    expect(await match('name.familyName eq "anders"')).toEqual(["alice", "carol"]);
    expect(await match('emails.value co "@example.o"')).toEqual(["bob"]);
    expect(await match('emails[type eq "home" and value co "home"]')).toEqual(["alice"]);
    expect(await match('emails[type eq "work"].value eq "carol@example.net"')).toEqual(["carol"]);
    expect(await match('emails[type eq "home"].value eq "carol@example.net"')).toEqual([]);
    expect(await match(`${ENTERPRISE}:department eq "r&d"`)).toEqual(["alice"]);
    expect(await match(`${ENTERPRISE}:department pr`)).toEqual(["alice", "bob"]);
    expect(await match(`urn:ietf:params:scim:schemas:extension:Enterprise:2.0:User:Department sw "SA"`)).toEqual(["bob"]);
  });

  it("case-insensitive comparison folds non-ASCII letters on both databases (Émile / ZOË)", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, {
      userName: "Émile@Example.com",
      displayName: "Émile Zoë",
      name: { givenName: "Émile", familyName: "ZOË" },
      emails: [{ type: "work", value: "ÉMILE@example.com" }],
    });
    const other = await createUser(api, { displayName: "Emile Zoe", name: { givenName: "Emile", familyName: "Zoe" } });
    const hits = async (f: string) => (await api.get(`/Users?filter=${q(f)}`)).body.Resources.map((r: { id: string }) => r.id);
    for (const f of [
      'userName eq "émile@example.com"',
      'displayName eq "émile zoë"',
      'name.familyName eq "zoë"',
      'name.familyName co "Ë"',
      'name.givenName sw "éM"',
      'displayName ew "ZOË"',
      'emails.value eq "émile@example.com"',
      'emails[type eq "work"].value eq "émile@EXAMPLE.com"',
    ]) {
      expect(await hits(f), f).toEqual([u.id]);
    }
    expect(await hits('name.familyName eq "zoe"')).toEqual([other.id]);
    const sorted = await api.get(`/Users?sortBy=name.familyName&filter=${q("name.familyName pr")}`);
    expect(sorted.body.Resources.map((r: { id: string }) => r.id)).toEqual([other.id, u.id]);
  });

  it("id eq X and manager eq Y (Entra's manager check)", async () => {
    const { api, match, alice, bob } = await seeded();
    await api.patch(`/Users/${bob.id}`, patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: alice.id }));
    expect(await match(`id eq "${bob.id}" and manager eq "${alice.id}"`)).toEqual(["bob"]);
    expect(await match(`id eq "${bob.id}" and manager eq "${bob.id}"`)).toEqual([]);
    expect(await match(`${ENTERPRISE}:manager.value eq "${alice.id}"`)).toEqual(["bob"]);
  });

  it("groups by members.value / members[value eq]; users by groups.value", async () => {
    const { api, match, alice, bob, carol } = await seeded();
    const g1 = await createGroup(api, "One", [alice.id, bob.id]);
    const g2 = await createGroup(api, "Two", [bob.id]);
    await createGroup(api, "Three");
    const groupNames = async (filter: string) => {
      const res = await api.get(`/Groups?filter=${q(filter)}`);
      expect(res.status, res.text).toBe(200);
      return (res.body.Resources as { displayName: string }[]).map((g) => g.displayName).sort();
    };
    expect(await groupNames(`members.value eq "${bob.id}"`)).toEqual(["One", "Two"]);
    expect(await groupNames(`members[value eq "${alice.id}"]`)).toEqual(["One"]);
    expect(await groupNames(`members eq "${carol.id}"`)).toEqual([]);
    expect(await groupNames(`displayName eq "one" and members.value eq "${alice.id}"`)).toEqual(["One"]);
    expect(await match(`groups.value eq "${g1.id}"`)).toEqual(["alice", "bob"]);
    expect(await match(`groups.value eq "${g2.id}"`)).toEqual(["bob"]);
    expect(await match(`not (groups.value eq "${g1.id}")`)).toEqual(["carol", "owner"]);
    expect(await groupNames(`externalId pr`)).toEqual([]);
    expect(await groupNames(`displayName sw "T"`)).toEqual(["Three", "Two"]);
  });

  it("invalid filters → 400 invalidFilter with a detail; valid but unmatched → 200 empty", async () => {
    const { api } = await newWorkspace();
    const bad = [
      "userName eq",
      'userName xx "a"',
      '(userName eq "a"',
      'userName eq "unterminated',
      'userName eq "a" and',
      'noSuchAttribute eq "a"',
      "active gt true",
      'meta.created gt "not a date"',
      'emails[type eq "work"',
    ];
    for (const f of bad) {
      const res = await api.get(`/Users?filter=${q(f)}`);
      expectScimError(res, 400, "invalidFilter");
    }
    expectScimError(await api.get(`/Groups?filter=${q('title eq "x"')}`), 400, "invalidFilter");
    expectList(await api.get(`/Users?filter=${q('userName eq "' + guid() + '"')}`), 0, 0);
    expectList(await api.get(`/Groups?filter=${q('displayName eq "' + guid() + '"')}`), 0, 0);
  });
});

describe("pagination and sorting", () => {
  async function withUsers(n: number) {
    const ws = await newWorkspace();
    for (let i = 0; i < n; i++) await createUser(ws.api, { userName: `p${String(i).padStart(2, "0")}-${uid()}@example.com` });
    return ws;
  }

  it("startIndex/count/itemsPerPage/totalResults across pages, in a stable order", async () => {
    const { api } = await withUsers(7);
    const all = await api.get("/Users");
    expectList(all, 8, 8);
    const allIds = all.body.Resources.map((r: { id: string }) => r.id);
    const seen: string[] = [];
    for (const [start, size] of [[1, 3], [4, 3], [7, 2]]) {
      const page = await api.get(`/Users?startIndex=${start}&count=3`);
      expectList(page, 8, size, start);
      seen.push(...page.body.Resources.map((r: { id: string }) => r.id));
    }
    expect(seen).toEqual(allIds);
    expect(new Set(seen).size).toBe(8);
    // the same page twice is the same page
    const again = await api.get("/Users?startIndex=4&count=3");
    expect(again.body.Resources.map((r: { id: string }) => r.id)).toEqual(allIds.slice(3, 6));
  });

  it("count=0, negative and non-numeric values, and a startIndex past the end", async () => {
    const { api } = await withUsers(2);
    expectList(await api.get("/Users?count=0"), 3, 0);
    expectList(await api.get("/Users?count=-5"), 3, 0);
    expectList(await api.get("/Users?startIndex=0&count=2"), 3, 2, 1);
    expectList(await api.get("/Users?startIndex=-3"), 3, 3, 1);
    expectList(await api.get("/Users?startIndex=abc&count=xyz"), 3, 3, 1);
    const deep = await api.get("/Users?startIndex=100&count=10");
    expectList(deep, 3, 0, 100);
    expect(deep.body.Resources).toEqual([]);
    expectList(await api.get("/Users?startIndex=3&count=10"), 3, 1, 3);
    expectList(await api.get("/Groups?startIndex=5"), 0, 0, 5);
  });

  it("count above the maximum is clamped to 200", async () => {
    const { api, db, workspace } = await newWorkspace();
    await db.member.createMany({
      data: Array.from({ length: 205 }, (_, i) => {
        const userName = `bulk${String(i).padStart(3, "0")}@example.com`;
        return { workspaceId: workspace.id, userName, userNameLower: userName, attributes: JSON.stringify({ userName, active: true }) };
      }),
    });
    const res = await api.get("/Users?count=1000");
    expectList(res, 206, 200);
    const rest = await api.get("/Users?count=1000&startIndex=201");
    expectList(rest, 206, 6, 201);
  });

  it("sortBy / sortOrder", async () => {
    const ws = await newWorkspace();
    const { api } = ws;
    // The default and meta.created orders follow creation time: explicit creation times (owner, b, C, a,
    // one second apart) rather than the wall clock, so the id tie-break never decides.
    const created = [
      ws.owner.id,
      (await createUser(api, { userName: "b@x.test", name: { familyName: "Zed" } })).id,
      (await createUser(api, { userName: "C@x.test", name: { familyName: "alpha" } })).id,
      (await createUser(api, { userName: "a@x.test", name: { familyName: "Mid" } })).id,
    ];
    for (const [i, id] of created.entries()) {
      await ws.db.member.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)) } });
    }
    const names = async (qs: string) => (await api.get(`/Users?${qs}`)).body.Resources.map((r: { userName: string }) => r.userName);
    const owner = ws.owner.userName;
    expect(await names("sortBy=userName")).toEqual(["a@x.test", "b@x.test", "C@x.test", owner]);
    expect(await names("sortBy=userName&sortOrder=descending")).toEqual([owner, "C@x.test", "b@x.test", "a@x.test"]);
    expect(await names("sortBy=name.familyName&filter=" + q("name.familyName pr"))).toEqual(["C@x.test", "a@x.test", "b@x.test"]);
    expect(await names("sortBy=meta.created&sortOrder=descending")).toEqual(["a@x.test", "C@x.test", "b@x.test", owner]);
    expect(await names("sortBy=userName&sortOrder=descending&startIndex=2&count=2")).toEqual(["C@x.test", "b@x.test"]);
    // unknown sort attribute: default order, not an error
    expect(await names("sortBy=noSuchThing")).toEqual([owner, "b@x.test", "C@x.test", "a@x.test"]);
    await createGroup(api, "beta");
    await createGroup(api, "Alpha");
    const groups = await api.get("/Groups?sortBy=displayName&sortOrder=ascending");
    expect(groups.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(["Alpha", "beta"]);
  });
});

describe("attributes / excludedAttributes", () => {
  it("on list and GET: attributes keeps only what was asked (+ id, schemas, meta.resourceType)", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { department: "Ops", costCenter: "9" } });
    const list = await api.get(`/Users?filter=${q(`id eq "${u.id}"`)}&attributes=userName`);
    expectList(list, 1, 1);
    expect(list.body.Resources[0]).toEqual({ schemas: u.schemas, id: u.id, userName: u.userName, meta: { resourceType: "User" } });
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
    const patched = await api.patch(`/Users/${created.body.id}?excludedAttributes=emails,name,groups`, patchOps({ op: "replace", path: "title", value: "U" }));
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
    expect(attrs.body).toEqual({ schemas: [GROUP], id: g.id, displayName: "With member", meta: { resourceType: "Group" } });
    const withMembers = await api.get(`/Groups?attributes=members`);
    expect(withMembers.body.Resources[0].members.map((m: { value: string }) => m.value)).toEqual([u.id]);
  });
});

describe("discovery", () => {
  it("/ServiceProviderConfig and the /serviceConfiguration alias, without a token", async () => {
    const spc = await scim("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(spc.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: "oauthbearertoken", primary: true })],
    });
    const alias = await scim("GET", "/serviceConfiguration");
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual(spc.body);
  });

  it("/ResourceTypes, /ResourceTypes/User, /ResourceTypes/group; unknown → 404", async () => {
    const { token } = await newWorkspace();
    const all = await scim("GET", "/ResourceTypes", { token });
    expectList(all, 2, 2);
    expect(all.body.Resources[0]).toMatchObject({ id: "User", endpoint: "/Users", schema: USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] });
    expect(all.body.Resources[1]).toMatchObject({ id: "Group", endpoint: "/Groups", schema: GROUP });
    const user = await scim("GET", "/ResourceTypes/User");
    expect(user.status).toBe(200);
    expect(user.body).toEqual(all.body.Resources[0]);
    expect((await scim("GET", "/ResourceTypes/group")).body.id).toBe("Group");
    expectScimError(await scim("GET", "/ResourceTypes/Device"), 404);
  });

  it("/Schemas and /Schemas/<urn>", async () => {
    const all = await scim("GET", "/Schemas");
    expectList(all, 3, 3);
    expect(all.text).toContain("User Account");
    expect(all.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, GROUP, ENTERPRISE]);
    const userAttrs = all.body.Resources[0].attributes.map((a: { name: string }) => a.name);
    for (const name of ["userName", "name", "displayName", "emails", "active", "externalId", "userType", "phoneNumbers", "addresses"]) {
      expect(userAttrs).toContain(name);
    }
    const ent = await scim("GET", `/Schemas/${ENTERPRISE}`);
    expect(ent.status).toBe(200);
    expect(ent.body).toMatchObject({ id: ENTERPRISE, name: "EnterpriseUser" });
    expect(ent.body.attributes.find((a: { name: string }) => a.name === "manager").subAttributes.map((s: { name: string }) => s.name)).toEqual(["value", "$ref", "displayName"]);
    expect((await scim("GET", `/Schemas/${USER.toUpperCase()}`)).body.id).toBe(USER);
    expectScimError(await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Device"), 404);
  });

  it("discovery endpoints accept GET only → 405", async () => {
    expectScimError(await scim("POST", "/Schemas", { body: {} }), 405);
    expectScimError(await scim("PATCH", "/ServiceProviderConfig", { body: {} }), 405);
    expectScimError(await scim("DELETE", "/ResourceTypes/User"), 405);
  });
});

describe("routing and request bodies", () => {
  it("resource paths are case-insensitive and tolerate trailing slashes; unknown query params are ignored", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, { displayName: "BobIsAmazing" });
    const g = await createGroup(api, "Routed", [u.id]);
    expect((await api.get("/users")).body.totalResults).toBe(2);
    expect((await api.get("/GROUPS")).body.totalResults).toBe(1);
    expect((await api.get(`/users/${u.id}`)).body.id).toBe(u.id);
    expect((await api.get(`/Users/${u.id}/`)).body.id).toBe(u.id);
    expect((await api.get(`/groups/${g.id}/`)).body.id).toBe(g.id);
    const slash = await api.get(`/Users/?filter=DisplayName+eq+%22BobIsAmazing%22`);
    expectList(slash, 1, 1);
    expect(slash.body.Resources[0].id).toBe(u.id);
    expectList(await api.get(`/Users?aadOptscim062020&filter=${q('displayName eq "bobisamazing"')}`), 1, 1);
    expectList(await api.get(`/Users?aadOptSCIM062020=true&foo=bar&count=5`), 2, 2);
    const created = await api.post("/users/", userBody());
    expect(created.status).toBe(201);
  });

  it("unknown endpoints → 404 SCIM error; wrong methods → 405; ids are case-sensitive", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    expectScimError(await api.get("/Foo"), 404);
    expectScimError(await api.get("/Bulk"), 405); // POST only (scim-bulk.test.ts)
    expectScimError(await api.post("/Bulk/x", {}), 404);
    expectScimError(await api.get(`/Users/${u.id}/groups`), 404);
    expectScimError(await api.get(""), 404);
    expectScimError(await api.get(`/Users/${u.id.toUpperCase()}`), 404);
    expectScimError(await api.delete("/Users"), 405);
    expectScimError(await api.put("/Groups", {}), 405);
    expectScimError(await api.patch("/Users", patchOps()), 405);
    expectScimError(await api.post(`/Users/${u.id}`, userBody()), 405);
  });

  it("ids with characters that need escaping, and malformed percent-encoding, answer 404 (never a crash)", async () => {
    const { api } = await newWorkspace();
    expectScimError(await api.get("/Users/100%"), 404);
    expectScimError(await api.get("/Users/%E0%A4%A"), 404);
    expectScimError(await api.get("/Groups/a%2Fb"), 404);
    expectScimError(await api.delete("/Users/%ZZ"), 404);
    expectScimError(await api.get("/Users/'%20OR%201=1--"), 404);
  });

  it("body > 1 MB → 413; invalid or empty JSON → 400 invalidSyntax; text/plain JSON is parsed", async () => {
    const { api, token } = await newWorkspace();
    const huge = userBody({ title: "x".repeat(1024 * 1024 + 10) });
    const big = await api.post("/Users", huge);
    expectScimError(big, 413);
    const bigPatch = await scim("PATCH", `/Users/${guid()}`, { token, rawBody: JSON.stringify(patchOps({ op: "add", path: "title", value: "y".repeat(1_100_000) })) });
    expectScimError(bigPatch, 413);
    const junk = await scim("POST", "/Users", { token, rawBody: '{"userName": "x", ', headers: { "Content-Type": "application/scim+json" } });
    expectScimError(junk, 400, "invalidSyntax");
    const empty = await scim("POST", "/Users", { token, rawBody: "", headers: { "Content-Type": "application/json" } });
    expectScimError(empty, 400, "invalidSyntax");
    expectScimError(await scim("POST", "/Groups", { token, rawBody: "[1,2]" }), 400, "invalidSyntax");
    const body = userBody();
    const plain = await scim("POST", "/Users", { token, rawBody: JSON.stringify(body), headers: { "Content-Type": "text/plain" } });
    expect(plain.status, plain.text).toBe(201);
    expect(plain.body.userName).toBe(body.userName);
    const none = await scim("POST", "/Groups", { token, rawBody: JSON.stringify({ displayName: "No type" }) });
    expect(none.status, none.text).toBe(201);
    expectScimError(await api.post("/Users", { name: { givenName: "No userName" } }), 400, "invalidValue");
    expectScimError(await api.post("/Groups", { members: [] }), 400, "invalidValue");
    expectScimError(await api.patch(`/Users/${plain.body.id}`, { Operations: [{ op: "frobnicate", path: "title", value: "x" }] }), 400, "invalidSyntax");
    expectScimError(await api.patch(`/Users/${plain.body.id}`, { schemas: [] }), 400, "invalidSyntax");
  });

  it("duplicate group displayName in any case → 409 uniqueness (POST, PATCH rename, PUT); duplicate userName → 409", async () => {
    const { api } = await newWorkspace();
    const a = await createGroup(api, "Engineering");
    const b = await createGroup(api, "Sales");
    const dup = await api.post("/Groups", { schemas: [GROUP], displayName: "ENGINEERING" });
    expectScimError(dup, 409, "uniqueness");
    expect(dup.body.detail).toContain("ENGINEERING");
    expectScimError(await api.patch(`/Groups/${b.id}`, patchOps({ op: "replace", path: "displayName", value: "engineering" })), 409, "uniqueness");
    expectScimError(await api.put(`/Groups/${b.id}`, { displayName: "Engineering" }), 409, "uniqueness");
    expect((await api.get(`/Groups/${b.id}`)).body.displayName).toBe("Sales");
    // renaming a group to its own name in another case is fine
    expect((await api.patch(`/Groups/${a.id}`, patchOps({ op: "replace", path: "displayName", value: "ENGINEERING" }))).status).toBe(204);
    const u = await createUser(api);
    expectScimError(await api.post("/Users", userBody({ userName: u.userName.toUpperCase() })), 409, "uniqueness");
    const other = await createUser(api);
    expectScimError(await api.patch(`/Users/${other.id}`, patchOps({ op: "replace", path: "userName", value: u.userName })), 409, "uniqueness");
  });
});

describe("authentication, plan and the provisioning log", () => {
  it("a non-Enterprise workspace → 403 with a detail naming the Enterprise plan (and it is logged)", async () => {
    for (const plan of ["free", "pro"] as const) {
      const { api, db, workspace } = await newWorkspace({ plan });
      const res = await api.get("/Users");
      expectScimError(res, 403);
      expect(res.body.detail).toMatch(/Enterprise plan/);
      expectScimError(await api.post("/Users", userBody()), 403);
      expect(await db.member.count({ where: { workspaceId: workspace.id } })).toBe(1);
      const events = await db.provisioningEvent.findMany({ where: { workspaceId: workspace.id } });
      expect(events.map((e) => e.status)).toEqual([403, 403]);
    }
  });

  it("revoked, expired, unknown and malformed tokens → 401; revoked/expired requests are logged for the workspace", async () => {
    const { db, workspace, tokenRow, token, api } = await newWorkspace();
    expect((await api.get("/Users")).status).toBe(200);
    await revokeToken(workspace.id, tokenRow.id);
    const revoked = await api.get("/Users");
    expectScimError(revoked, 401);
    expect(revoked.body.detail).toMatch(/revoked/i);

    const second = await createToken(workspace.id, { label: "Okta", expiresInDays: 30 });
    const okta = client(second.secret);
    expect((await okta.get("/Groups")).status).toBe(200);
    await db.scimToken.update({ where: { id: second.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await okta.get("/Groups");
    expectScimError(expired, 401);
    expect(expired.body.detail).toMatch(/expired/i);

    expectScimError(await scim("GET", "/Users", { token: "scim_0123456789_" + "A".repeat(43) }), 401);
    expectScimError(await scim("GET", "/Users", { token: token + "x" }), 401);
    expectScimError(await scim("GET", "/Users", { headers: { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }), 401);
    expectScimError(await scim("GET", "/Users", { headers: { Authorization: "Bearer" } }), 401);

    // compared as a set (two requests can share a millisecond, so createdAt does not order them)
    const events = await db.provisioningEvent.findMany({ where: { workspaceId: workspace.id } });
    const pair = (status: number, tokenId: string | null) => `${status} ${tokenId}`;
    expect(events.map((e) => pair(e.status, e.tokenId)).sort()).toEqual(
      [pair(200, tokenRow.id), pair(401, tokenRow.id), pair(200, second.token.id), pair(401, second.token.id)].sort(),
    );
    expect(events.find((e) => e.status === 401 && e.tokenId === tokenRow.id)?.detail).toMatch(/revoked/i);
    expect(events.find((e) => e.status === 401 && e.tokenId === second.token.id)?.detail).toMatch(/expired/i);
  });

  it("every request writes exactly one ProvisioningEvent with status, scimType, detail, durationMs — and no secrets", async () => {
    const { api, db, workspace, token, tokenRow } = await newWorkspace();
    const password = `pw-${guid()}`;
    const calls: { status: number; scimType?: string }[] = [];
    const track = async (p: Promise<{ status: number; body: { scimType?: string } }>) => {
      const r = await p;
      calls.push({ status: r.status, scimType: r.status >= 400 ? r.body.scimType : undefined });
      return r;
    };
    const u = await track(api.post("/Users", userBody({ password, externalId: "ext-log" })));
    const id = (u as unknown as { body: { id: string } }).body.id;
    await track(api.post("/Users", userBody({ userName: (u as unknown as { body: { userName: string } }).body.userName, password })));
    await track(api.get(`/Users/${id}`));
    await track(api.get(`/Users?filter=${q('userName eq "nobody"')}`));
    await track(api.get(`/Users?filter=${q("userName eq")}`));
    await track(api.patch(`/Users/${id}`, patchOps({ op: "replace", value: { password } })));
    await track(api.put(`/Users/${id}`, { userName: "renamed@example.com", password }));
    await track(api.get(`/Users/${guid()}`));
    await track(api.post("/Groups", { displayName: "Logged" }));
    await track(api.delete("/Users"));
    await track(api.get("/Nope"));
    await track(api.delete(`/Users/${id}`));

    const events = await db.provisioningEvent.findMany({ where: { workspaceId: workspace.id }, orderBy: { createdAt: "asc" } });
    expect(events).toHaveLength(calls.length);
    // events of one workspace are written in request order; compare as multisets to be safe on ties
    const key = (s: number, t?: string | null) => `${s}:${t ?? ""}`;
    expect(events.map((e) => key(e.status, e.scimType)).sort()).toEqual(calls.map((c) => key(c.status, c.scimType)).sort());
    for (const e of events) {
      expect(e.tokenId).toBe(tokenRow.id);
      expect(e.tokenLabel).toBe("Entra ID");
      expect(Number.isInteger(e.durationMs)).toBe(true);
      expect(e.path).toMatch(/^\/scim\/v2\//);
      if (e.status >= 400) expect(e.detail?.length).toBeGreaterThan(5);
      else expect(e.detail).toBeNull();
    }
    const conflict = events.find((e) => e.status === 409)!;
    expect(conflict).toMatchObject({ method: "POST", resourceType: "User", scimType: "uniqueness" });
    const created = events.find((e) => e.status === 201 && e.resourceType === "User")!;
    expect(created).toMatchObject({ method: "POST", resourceId: id, externalId: "ext-log" });
    expect(events.find((e) => e.status === 400)).toMatchObject({ scimType: "invalidFilter", query: 'filter=userName eq' });
    expect(events.find((e) => e.method === "DELETE" && e.status === 204)).toMatchObject({ resourceId: id, userName: "renamed@example.com" });

    const secretPart = token.split("_").slice(2).join("_"); // (the secret itself may contain "_")
    for (const e of events) {
      const text = JSON.stringify(e);
      expect(text).not.toContain(secretPart);
      expect(text).not.toContain(token);
      expect(text).not.toContain(tokenRow.secretHash);
      expect(text).not.toContain(password);
    }
  });

  it("durationMs is the time the request took: a body that arrives 120 ms late is logged as at least that long", async () => {
    const { db, workspace, token } = await newWorkspace();
    const DELAY = 120;
    // The body stream's first read waits DELAY ms, and the handler reads the body only after it started
    // its clock, so the request cannot take less than DELAY (minus a timer's 1 ms rounding).
    const body = new TextEncoder().encode(JSON.stringify(userBody({ externalId: "ext-slow" })));
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent) return controller.close();
        await new Promise((r) => setTimeout(r, DELAY));
        controller.enqueue(body);
        sent = true;
      },
    }, { highWaterMark: 0 });
    const req = new Request(`${BASE}/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const t0 = performance.now();
    const res = await handleScim(req, ["Users"]);
    const elapsed = performance.now() - t0;
    expect(res.status, await res.clone().text()).toBe(201);
    await flushProvisioningLog();
    const [event] = await db.provisioningEvent.findMany({ where: { workspaceId: workspace.id } });
    expect(event).toMatchObject({ method: "POST", status: 201, externalId: "ext-slow" });
    expect(event.durationMs).toBeGreaterThanOrEqual(DELAY - 1);
    expect(event.durationMs).toBeLessThanOrEqual(Math.ceil(elapsed));
  });

  it("the token's lastUsedAt is set after use", async () => {
    const { api, db, tokenRow } = await newWorkspace();
    expect(tokenRow.lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await api.get("/Users")).status).toBe(200);
    const after = Date.now();
    // written without blocking the request: poll with a deadline
    await expect.poll(async () => (await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } })).lastUsedAt, { timeout: 10_000, interval: 20 }).not.toBeNull();
    const { lastUsedAt } = await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    // the time of the request (taken while it was served)
    expect(lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(lastUsedAt!.getTime()).toBeLessThanOrEqual(after);
  });
});

describe("last-owner guard-rail", () => {
  async function ownerViaScim(ws: Ws) {
    const res = await ws.api.get(`/Users?filter=${q(`userName eq "${ws.owner.email}"`)}`);
    expectList(res, 1, 1);
    return res.body.Resources[0] as { id: string; userName: string };
  }

  it("SCIM cannot suspend or delete the last owner → 409 with a clear detail; nothing changes", async () => {
    const ws = await newWorkspace();
    const { api, db } = ws;
    const owner = await ownerViaScim(ws);
    expect(owner.id).toBe(ws.owner.id);
    const attempts = [
      api.patch(`/Users/${owner.id}`, entra.setActive(false)),
      api.patch(`/Users/${owner.id}`, patchOps({ op: "replace", value: { active: false } })),
      api.put(`/Users/${owner.id}`, { userName: owner.userName, active: false }),
      api.delete(`/Users/${owner.id}`),
    ];
    for (const p of attempts) {
      const res = await p;
      expectScimError(res, 409);
      expect(res.body.detail).toMatch(/last owner/i);
      expect(res.body.detail).toContain(owner.userName);
    }
    expect(await db.member.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ role: "owner", status: "active", active: true });
    const after = await api.get(`/Users/${owner.id}`);
    expect(after.body.active).toBe(true);
    expect(after.body.userType).toBeUndefined();
  });

  it("SCIM never changes an owner's role: userType is stored as sent, the role stays, the log says why", async () => {
    const ws = await newWorkspace();
    const owner = await ownerViaScim(ws);
    for (const userType of ["admin", "user", "member_lite", "User"]) {
      const res = await ws.api.patch(`/Users/${owner.id}`, patchOps({ op: "replace", path: "userType", value: userType }));
      expect(res.status, res.text).toBe(200);
      expect(res.body.userType).toBe(userType);
      expect((await ws.db.member.findUniqueOrThrow({ where: { id: owner.id } })).role).toBe("owner");
      const event = await ws.db.provisioningEvent.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, resourceId: owner.id, method: "PATCH" }, orderBy: { createdAt: "desc" } });
      expect(event.status).toBe(200);
      expect(event.detail).toMatch(/owners are managed in the app/);
    }
    // an ordinary change (name) to the last owner is fine too, and says nothing about roles
    const name = await ws.api.patch(`/Users/${owner.id}`, patchOps({ op: "add", path: "name.givenName", value: "Olive" }));
    expect(name.status).toBe(200);
  });

  it("with a second active owner, suspending and deleting an owner work (with an owner's token)", async () => {
    const ws = await newWorkspace();
    const { db, workspace } = ws;
    const owner = await ownerViaScim(ws);
    const second = await createManualMember(workspace.id, { email: `second-${uid()}@example.test`, role: "owner", password: "second-password-1" });
    expect(second.status).toBe("active");
    // The operator's token keeps its owner powers whichever owner is suspended.
    const api = client((await createToken(workspace.id, { label: "ops", createdByOperator: true })).secret);

    const off = await api.patch(`/Users/${owner.id}`, entra.setActive(false));
    expect(off.status, off.text).toBe(200);
    expect(await db.member.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ status: "suspended", role: "owner" });
    // now `second` is the only active owner
    expectScimError(await api.patch(`/Users/${second.id}`, patchOps({ op: "replace", path: "active", value: false })), 409);
    expectScimError(await api.delete(`/Users/${second.id}`), 409);

    const on = await api.patch(`/Users/${owner.id}`, entra.setActive(true));
    expect(on.status).toBe(200);
    expect((await api.delete(`/Users/${owner.id}`)).status).toBe(204);
    expect(await db.member.count({ where: { workspaceId: workspace.id, role: "owner" } })).toBe(1);
  });
});

// keep ERROR referenced for readers of expectScimError
void ERROR;

describe("no-op writes", () => {
  it("a PATCH that changes nothing keeps the version and does not take over a manual member", async () => {
    const { api, owner } = await newWorkspace();
    const before = await api.get(`/Users/${owner.id}`);
    const res = await api.patch(`/Users/${owner.id}`, patchOps({ op: "replace", path: "userName", value: owner.userName }));
    expect(res.status).toBe(200);
    expect(res.body.meta.version).toBe(before.body.meta.version);
    const db = await getDb();
    expect((await db.member.findUniqueOrThrow({ where: { id: owner.id } })).source).toBe("manual");
    const changed = await api.patch(`/Users/${owner.id}`, patchOps({ op: "replace", path: "title", value: "CEO" }));
    expect(changed.body.meta.version).not.toBe(before.body.meta.version);
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After and a SCIM error once a token exceeds its limit, and logs it", async () => {
    const { api, db, workspace } = await newWorkspace();
    // One request per 1,000 s refills the bucket: however slow the machine, nothing refills during the
    // test, so the sequence is exact (no wall-clock dependence).
    process.env.SCIM_RATE_LIMIT_RPS = "0.001";
    process.env.SCIM_RATE_LIMIT_BURST = "3";
    resetConfig();
    try {
      const statuses: number[] = [];
      let limited;
      for (let i = 0; i < 5; i++) {
        const r = await api.get("/Users?count=1");
        statuses.push(r.status);
        if (r.status === 429) limited = r;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // the bucket is empty: the next token comes in 1 / 0.001 s
      expect(Number(limited!.headers.get("retry-after"))).toBe(1000);
      expect(limited!.body).toMatchObject({ schemas: [ERROR], status: "429" });
      expect(limited!.body.detail).toMatch(/retry after 1000 s/);
      expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id, status: 429 } })).toBe(2);
    } finally {
      delete process.env.SCIM_RATE_LIMIT_RPS;
      delete process.env.SCIM_RATE_LIMIT_BURST;
      resetConfig();
    }
  });
});
