// The SCIM API end to end through the real handler, on the configured database, for what the driver-level
// hot path (lib/db/sql.ts) changed: list totals without COUNT, rows written by the SCIM path and by Prisma
// reading back the same through both, membership set operations, owner protection, token revocation and
// the batched provisioning log.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, it, expect, vi } from "vitest";
import { database } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { Sql, Work } from "@/lib/db/sql";
import { handleScim } from "@/lib/scim-http/handler";
import { createManualMember } from "@/lib/services/members";
import { flushProvisioningLog, recordEvent } from "@/lib/services/provisioning-log";
import { parseFilter } from "@/lib/scim/filter/parse";
import { queryIds, type ListQuery } from "@/lib/services/scim/list";
import { revokeToken } from "@/lib/services/tokens";
import { BASE, ENTERPRISE, GROUP, USER, client, patchOps } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { createGroup, createUser, expectList, expectScimError, q } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId: uid("ext"),
    userName,
    active: true,
    displayName: `User ${userName}`,
    emails: [{ primary: true, type: "work", value: userName }],
    name: { formatted: "Ada Lovelace", familyName: "Lovelace", givenName: "Ada" },
    [ENTERPRISE]: { department: "R&D" },
    roles: [],
    ...extra,
  };
}

/** Passes `work` through, noting the text of every statement it sends. */
function* recorded<T>(work: Work<T>, seen: string[]): Work<T> {
  let step = work.next();
  while (!step.done) {
    seen.push(step.value.text);
    try {
      step = work.next(yield step.value);
    } catch (e) {
      step = work.throw(e);
    }
  }
  return step.value;
}

describe("SCIM list totals", () => {
  it("are right at every page position, counting only when the page cannot tell", async () => {
    const { api, workspace } = await newWorkspace(); // the owner is one user
    for (let i = 0; i < 4; i++) await createUser(api);
    const scope = { workspaceId: workspace.id, tokenId: null, baseUrl: "", provider: database().provider, ownerPowers: false, notes: [] };
    // A filter that every user matches: the unfiltered list takes its total from the kept member count
    // (prisma/models/counts.prisma, checked below), a filtered one counts when the page cannot tell.
    const everyone = parseFilter("userName pr");
    const run = async (page: Partial<ListQuery>) => {
      const seen: string[] = [];
      const result = await database().sql.query(() => recorded(queryIds(scope, "User", { startIndex: 1, count: 100, sortOrder: "ascending", filter: everyone, ...page }), seen));
      return { total: result.totalResults, items: result.ids.length, counted: seen.some((s) => s.includes("COUNT(*)")) };
    };
    // [page, total, items on the page, whether a COUNT was needed]
    const cases: [Partial<ListQuery>, number, number, boolean][] = [
      [{}, 5, 5, false], // short first page: the page is the whole result
      [{ count: 2 }, 5, 2, true], // full page: more may follow
      [{ startIndex: 4, count: 2 }, 5, 2, true], // full page that happens to end the result
      [{ startIndex: 5, count: 2 }, 5, 1, false], // short last page
      [{ startIndex: 6, count: 2 }, 5, 0, true], // empty page past the end: the total is unknown
      [{ startIndex: 9, count: 2 }, 5, 0, true],
      [{ count: 0 }, 5, 0, true], // count=0 asks for the total only
      [{ count: 5 }, 5, 5, true],
      [{ count: 6 }, 5, 5, false],
      [{ startIndex: 2 ** 40, count: 2 }, 5, 0, true], // far past the end
      [{ startIndex: 1e20, count: 2 }, 5, 0, true], // past any OFFSET the databases take
    ];
    for (const [page, total, items, counted] of cases) {
      expect({ page, ...(await run(page)) }).toEqual({ page, total, items, counted });
      // without the filter: the same total and page, never a COUNT(*)
      expect({ page, ...(await run({ ...page, filter: undefined })) }).toEqual({ page, total, items, counted: false });
    }
  });

  it("match COUNT over the HTTP API for filters, pages and both resource types", async () => {
    const { api } = await newWorkspace();
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await createUser(api, { title: i % 2 ? "odd" : "even" }));
    expectList(await api.get(`/Users?filter=${q(`userName eq "${made[2].userName.toUpperCase()}"`)}`), 1);
    expectList(await api.get(`/Users?filter=${q(`userName eq "nobody-${uid()}@example.com"`)}`), 0);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&count=1`), 2, 1);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&startIndex=2&count=1`), 2, 1, 2);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&startIndex=2`), 2, 1, 2);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&startIndex=3`), 2, 0, 3);
    expectList(await api.get("/Users?count=0"), 5, 0);
    expectList(await api.get("/Users?startIndex=5&count=3"), 5, 1, 5);
    const far = await api.get("/Users?startIndex=99999999999999999999&count=3");
    expect(far.status, far.text).toBe(200);
    expect(far.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    for (const name of ["A", "B", "C"]) await createGroup(api, `${name} team`);
    expectList(await api.get(`/Groups?excludedAttributes=members&filter=${q('displayName eq "b TEAM"')}`), 1);
    expectList(await api.get("/Groups?count=2"), 3, 2);
    expectList(await api.get("/Groups?startIndex=3&count=2"), 3, 1, 3);
    expectList(await api.get("/Groups?startIndex=4&count=2"), 3, 0, 4);
  });
});

describe("SCIM users on the driver-level path", () => {
  it("runs Entra's lookup → create → update → deactivate sequence, and Prisma reads back what it wrote", async () => {
    const { api, db, workspace } = await newWorkspace();
    const name = `${uid()}@example.test`;
    expectList(await api.get(`/Users?filter=${q(`userName eq "${name}"`)}`), 0);

    const created = await api.post("/Users", userBody(name));
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${BASE}/Users/${created.body.id}`);
    expect(created.body).toMatchObject({ userName: name, active: true, groups: [], name: { givenName: "Ada" }, [ENTERPRISE]: { department: "R&D" } });
    expect(created.body.meta.created).toBe(created.body.meta.lastModified);

    const hit = await api.get(`/Users?filter=${q(`userName eq "${name.toUpperCase()}"`)}`);
    expectList(hit, 1);
    expect(hit.body.Resources[0].id).toBe(created.body.id);

    const updated = await api.patch(`/Users/${created.body.id}`, patchOps(
      { op: "Replace", path: "displayName", value: "Renamed" },
      { op: "Replace", path: 'emails[type eq "work"].value', value: `New-${name}` },
      { op: "Replace", path: "name.familyName", value: "King" },
    ));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ displayName: "Renamed", name: { familyName: "King", givenName: "Ada" }, emails: [{ value: `New-${name}` }] });
    expect(Date.parse(updated.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(created.body.meta.created));

    const off = await api.patch(`/Users/${created.body.id}`, entra.setActive(false));
    expect(off.body.active).toBe(false);

    const row = await db.member.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row).toMatchObject({
      workspaceId: workspace.id, active: false, status: "suspended", version: 3, displayName: "Renamed",
      email: `New-${name}`, emailLower: `new-${name}`, familyName: "King", userName: name, userNameLower: name.toLowerCase(), source: "scim",
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
      userName: newName, userNameLower: newName.toLowerCase(), externalId: "ext-new", displayName: "Grace", givenName: "Grace",
      familyName: "Hopper", title: "Admiral", userType: "admin", active: false, status: "suspended", role: "admin",
      email: `Work-${newName}`, emailLower: `work-${newName}`.toLowerCase(), managerId: boss.body.id, version: 2,
    });
    expect(JSON.parse(after.attributes)).not.toHaveProperty("roles");

    const patched = await api.patch(`/Users/${u.body.id}`, patchOps({ op: "Replace", path: "title", value: "Rear Admiral" }));
    expect(patched.status).toBe(200);
    const again = await db.member.findUniqueOrThrow({ where: { id: u.body.id } });
    expect(again).toEqual({ ...after, title: "Rear Admiral", attributes: again.attributes, version: 3, updatedAt: again.updatedAt });
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
    expectScimError(await api.patch(`/Users/${other.body.id}`, patchOps({ op: "Replace", path: "userName", value: name.toLowerCase() })), 409, "uniqueness");
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
    const linked = await api.patch(`/Users/${u.body.id}`, patchOps({ op: "add", path: `${ENTERPRISE}:manager`, value: boss.body.id }));
    expect(linked.body[ENTERPRISE].manager).toEqual({ value: boss.body.id, $ref: `${BASE}/Users/${boss.body.id}`, displayName: "The Boss" });
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

describe("SCIM groups on the driver-level path", () => {
  it("creates, looks up without members, adds and removes members one PATCH at a time", async () => {
    const { api } = await newWorkspace();
    const a = await api.post("/Users", userBody(`${uid()}@example.test`));
    const b = await api.post("/Users", userBody(`${uid()}@example.test`));
    const name = uid("Group ");
    const created = await api.post("/Groups", { schemas: [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"], displayName: name, externalId: "ext-1" });
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

    expect((await api.patch(`/Groups/${id}`, patchOps({ op: "remove", path: `members[value eq "${a.body.id}"]` }))).status).toBe(204);
    const after = await api.get(`/Groups/${id}`);
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([b.body.id]);
  });

  it("never adds a member of another workspace", async () => {
    const { api, db } = await newWorkspace();
    const other = await newWorkspace();
    const stranger = await other.api.post("/Users", userBody(`${uid()}@example.test`));
    const g = await createGroup(api, uid("g"), [stranger.body.id]);
    expect((await api.patch(`/Groups/${g.id}`, patchOps({ op: "Add", path: "members", value: [{ value: stranger.body.id }] }))).status).toBe(204);
    expect(await db.groupMember.count({ where: { groupId: g.id } })).toBe(0);
  });

  it("applies a PATCH all or nothing: a rename onto a taken name adds no member either", async () => {
    const { api, db } = await newWorkspace();
    const u = await api.post("/Users", userBody(`${uid()}@example.test`));
    await createGroup(api, "Taken");
    const g = await createGroup(api, "Mine");
    const res = await api.patch(`/Groups/${g.id}`, patchOps(
      { op: "Add", path: "members", value: [{ value: u.body.id }] },
      { op: "Replace", path: "displayName", value: "TAKEN" },
    ));
    expectScimError(res, 409, "uniqueness");
    expect(await db.groupMember.count({ where: { groupId: g.id } })).toBe(0);
    expect(await db.group.findUniqueOrThrow({ where: { id: g.id } })).toMatchObject({ displayName: "Mine", version: 1 });
  });

  it("renames with a uniqueness check, replaces members with PUT, 404s unknown groups", async () => {
    const { api, db } = await newWorkspace();
    const u = await api.post("/Users", userBody(`${uid()}@example.test`));
    const v = await api.post("/Users", userBody(`${uid()}@example.test`));
    const one = await api.post("/Groups", { schemas: [GROUP], displayName: "One", members: [{ value: v.body.id }] });
    await api.post("/Groups", { schemas: [GROUP], displayName: "Two" });
    expectScimError(await api.post("/Groups", { schemas: [GROUP], displayName: "ONE" }), 409, "uniqueness");
    expectScimError(await api.patch(`/Groups/${one.body.id}`, patchOps({ op: "Replace", path: "displayName", value: "two" })), 409, "uniqueness");
    const put = await api.put(`/Groups/${one.body.id}`, { schemas: [GROUP], displayName: "Uno", members: [{ value: u.body.id }] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Uno", members: [{ value: u.body.id }] });
    expect(await db.group.findUniqueOrThrow({ where: { id: one.body.id } })).toMatchObject({ displayName: "Uno", displayNameLower: "uno", version: 2 });
    expectScimError(await api.patch(`/Groups/00000000-0000-4000-8000-000000000000`, patchOps({ op: "Add", path: "members", value: [{ value: u.body.id }] })), 404);
    expect((await api.delete(`/Groups/${one.body.id}`)).status).toBe(204);
    expect(await db.groupMember.count({ where: { groupId: one.body.id } })).toBe(0);
    expectScimError(await api.get(`/Groups/${one.body.id}`), 404);
  });
});

describe("SCIM tokens on the driver-level path", () => {
  it("refuses a revoked token on the very next request", async () => {
    const { api, workspace, tokenRow } = await newWorkspace();
    expect((await api.get("/Users?count=1")).status).toBe(200);
    await revokeToken(workspace.id, tokenRow.id);
    const after = await api.get("/Users?count=1");
    expectScimError(after, 401);
    expect(after.body.detail).toMatch(/revoked/);
  });

  it("refuses an unknown token and a workspace below the Enterprise plan", async () => {
    const { api } = await newWorkspace({ plan: "pro" });
    expectScimError(await api.get("/Users"), 403);
    const right = await newWorkspace();
    expectScimError(await client(right.token.slice(0, -4) + "AAAA").get("/Users"), 401);
  });

  it("records when a token was last used", async () => {
    const { api, db, tokenRow } = await newWorkspace();
    const before = Date.now();
    await api.get("/Users?count=1");
    const after = Date.now();
    // written in the background: poll with a deadline, then check it is the time of the request
    await expect.poll(async () => (await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } })).lastUsedAt, { timeout: 10_000, interval: 20 }).not.toBeNull();
    const t = await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(t.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(t.lastUsedAt!.getTime()).toBeLessThanOrEqual(after);
  });
});

describe("SCIM requests beside Prisma transactions (admin UI, SSO, invitations)", () => {
  it("wait for an open Prisma transaction and are never rolled back with it", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const adminTx = db
      .$transaction(async (tx) => {
        await tx.member.update({ where: { id: owner.id }, data: { title: "changed inside" } });
        entered();
        await new Promise((r) => setTimeout(r, 300)); // holds the connection (SQLite) across awaits
        throw new Error("rolled back on purpose");
      })
      .catch((e: Error) => e.message);
    await inside;
    const requests = Array.from({ length: 5 }, () => api.post("/Users", userBody(`${uid()}@example.test`)));
    const results = await Promise.all(requests);
    expect(await adminTx).toBe("rolled back on purpose");
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await db.member.count({ where: { id: { in: results.map((r) => r.body.id) } } })).toBe(5);
    expect((await db.member.findUniqueOrThrow({ where: { id: owner.id } })).title).toBeNull();
    expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id, status: 201 } })).toBe(5);
  });

  it("share the owner rule with the admin UI: racing demotions never leave the workspace without an owner", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const second = await createUser(api);
    await db.member.update({ where: { id: second.id }, data: { role: "owner" } });
    const { otherActiveOwnersIn } = await import("@/lib/services/owners");
    const adminDemotes = db
      .$transaction(async (tx) => {
        if ((await otherActiveOwnersIn(tx, workspace.id, owner.id)) === 0) return "refused";
        await new Promise((r) => setTimeout(r, 100));
        await tx.member.update({ where: { id: owner.id }, data: { role: "member" } });
        return "demoted";
      })
      .catch((e: Error) => e.message);
    const scimSuspends = api.patch(`/Users/${second.id}`, entra.setActive(false));
    const [admin, scim] = await Promise.all([adminDemotes, scimSuspends]);
    expect([admin === "demoted", scim.status === 200].filter(Boolean)).toHaveLength(1);
    expect(await db.member.count({ where: { workspaceId: workspace.id, role: "owner", status: "active" } })).toBe(1);
  });
});

describe("the batched provisioning log", () => {
  const event = (workspaceId: string, i: number) => ({ workspaceId, method: "GET", path: `/scim/v2/Users/${i}`, status: 200, durationMs: 1 });

  it("writes a request's event within the flush interval without being asked", async () => {
    const { db, workspace, token } = await newWorkspace();
    const res = await handleScim(new Request(`${BASE}/Users?count=1`, { headers: { Authorization: `Bearer ${token}` } }), ["Users"]);
    expect(res.status).toBe(200);
    await vi.waitFor(async () => expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(1), { timeout: 2_000, interval: 20 });
  });

  it("loses nothing in bursts larger than a batch, beside concurrent requests", async () => {
    const { api, db, workspace } = await newWorkspace();
    const requests = Array.from({ length: 30 }, () => api.get("/Users?count=1"));
    for (let i = 0; i < 450; i++) recordEvent(database().sql, event(workspace.id, i));
    expect((await Promise.all(requests)).every((r) => r.status === 200)).toBe(true);
    await flushProvisioningLog();
    expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(480);
  });

  it("writes the rest of a batch when the database refuses one event", async () => {
    const { db, workspace } = await newWorkspace();
    const errors = vi.spyOn(log, "error").mockImplementation(() => {});
    try {
      for (let i = 0; i < 10; i++) recordEvent(database().sql, event(i === 4 ? `no-such-workspace-${uid()}` : workspace.id, i));
      await flushProvisioningLog();
      expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(9);
      expect(errors).toHaveBeenCalledWith({ reason: expect.any(String) }, expect.stringMatching(/1 of 10 events could not be written/));
    } finally {
      errors.mockRestore();
    }
  });

  it("drops a batch at once when the database does not answer, without retrying event by event", async () => {
    const errors = vi.spyOn(log, "error").mockImplementation(() => {});
    const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const query = vi.fn().mockRejectedValue(down);
    const unreachable = { ...database().sql, query } as Sql;
    try {
      for (let i = 0; i < 5; i++) recordEvent(unreachable, event("ws-that-is-down", i));
      await flushProvisioningLog();
      expect(query).toHaveBeenCalledTimes(1);
      expect(errors).toHaveBeenCalledWith({ reason: down.message }, expect.stringMatching(/5 events could not be written/));
    } finally {
      errors.mockRestore();
    }
  });

  describe("when the process ends before the flush timer", { timeout: 60_000 }, () => {
    const run = promisify(execFile);
    const sqlite = database().provider === "sqlite";
    const ends = async (how: string) => {
      const { db, workspace } = await newWorkspace();
      await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "tests/support/log-at-exit.ts", workspace.id, how, "3"], { env: process.env, timeout: 30_000 }).catch(
        (e: { code?: number }) => {
          if (!(how === "sigterm" && e.code === 143)) throw e;
        },
      );
      return db.provisioningEvent.findMany({ where: { workspaceId: workspace.id }, orderBy: { path: "asc" } });
    };

    it("writes the queue when the server is stopped with SIGTERM, and events that come in while it closes", async () => {
      expect((await ends("sigterm")).map((e) => e.path)).toEqual([0, 1, 2, 3].map((i) => `/scim/v2/Users/sigterm-${i}`));
    });

    it.runIf(sqlite)("writes the queue when the event loop runs dry", async () => {
      expect(await ends("drain")).toHaveLength(3);
    });

    it.runIf(sqlite)("writes the queue on SQLite even on process.exit()", async () => {
      expect(await ends("exit")).toHaveLength(3);
    });
  });
});
