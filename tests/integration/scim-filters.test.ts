// SCIM filters over HTTP (RFC 7644 §3.4.2.2 plus what Entra, Okta and Microsoft's Postman collection send), against
// a seeded workspace on the real handler and database.
import { describe, expect, it } from "vitest";
import { ENTERPRISE, USER, patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, expectList, expectScimError, guid, q } from "../support/scim-resources";

/** A workspace with the owner plus three users whose attributes the filter tests rely on. */
async function seeded() {
  const ws = await newWorkspace();
  const { api } = ws;
  const alice = await createUser(api, {
    schemas: [USER, ENTERPRISE],
    userName: "Alice@Example.com",
    displayName: "Alice Anders",
    name: { givenName: "Alice", familyName: "Anders" },
    emails: [
      { type: "work", value: "alice@example.com", primary: true },
      { type: "home", value: "alice@home.org" },
    ],
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
  for (const [id, t] of [
    [ws.owner.id, -3_600_000],
    [alice.id, -3_599_000],
    [bob.id, 3_600_000],
    [carol.id, 3_601_000],
  ] as const) {
    await ws.db.member.update({ where: { id }, data: { createdAt: at(t), updatedAt: at(t) } });
  }
  const names: Record<string, string> = {
    [alice.id]: "alice",
    [bob.id]: "bob",
    [carol.id]: "carol",
    [ws.owner.id]: "owner",
  };
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
    expect(
      await match('name.familyName eq "Anders" and (emails.value co "example.com" or emails.value co "example.net")'),
    ).toEqual(["alice", "carol"]);
    expect(
      await match("name.FamilyName eq Anders and (emails.Value co example.com or emails.Value co example.org)"),
    ).toEqual(["alice"]);
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
    expect(await match(`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "alice@example.com"`)).toEqual([
      "alice",
    ]);
    expect(await match('externalId eq "ext-A"')).toEqual(["alice"]);
    expect(await match('externalId eq "EXT-A"')).toEqual([]);
    expect(await match('externalId eq "ext-b"')).toEqual([]);
    expect(await match(`id eq "${alice.id}"`)).toEqual(["alice"]);
    expect(await match(`id eq "${alice.id.toUpperCase()}"`)).toEqual([]);
  });

  it("meta.created gt with Postman's date format, and against a timestamp between creations", async () => {
    const { match, between } = await seeded();
    expect(await match("meta.Created gt 2015-10-10T14:38:21.8617979-07:00")).toEqual([
      "alice",
      "bob",
      "carol",
      "owner",
    ]);
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
    expect(await match(`urn:ietf:params:scim:schemas:extension:Enterprise:2.0:User:Department sw "SA"`)).toEqual([
      "bob",
    ]);
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
    const hits = async (f: string) =>
      (await api.get(`/Users?filter=${q(f)}`)).body.Resources.map((r: { id: string }) => r.id);
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
