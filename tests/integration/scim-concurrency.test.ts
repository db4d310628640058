// Concurrent requests, as Entra sends them during an initial cycle (entra-scim.md §1.7, §6 #12): parallel
// single-member PATCHes to one group, racing creates, and parallel PATCHes of one user.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/services/tokens";
import { client, ENTERPRISE, patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, expectScimError, memberIds, userBody } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

type Api = Awaited<ReturnType<typeof newWorkspace>>["api"];

async function users(api: Api, n: number) {
  const out: { id: string; userName: string }[] = [];
  for (let i = 0; i < n; i++) out.push(await createUser(api));
  return out;
}

describe("concurrency", () => {
  it("64 parallel single-member add PATCHes to one group → exactly 64 members", async () => {
    const { api, db } = await newWorkspace();
    const people = await users(api, 64);
    const g = await createGroup(api, "Parallel adds");
    const results = await Promise.all(people.map((u) => api.patch(`/Groups/${g.id}`, entra.addMembers(u.id))));
    expect(results.map((r) => r.status)).toEqual(people.map(() => 204));
    expect(await memberIds(api, g.id)).toEqual(people.map((u) => u.id).sort());
    expect(await db.groupMember.count({ where: { groupId: g.id } })).toBe(64);
  });

  it("64 parallel adds and removes, mixed → the same final state as applying them serially", async () => {
    const { api } = await newWorkspace();
    const people = await users(api, 64);
    // members 0..31 at first; then, interleaved: add 32..47 (new), remove 0..15 (existing), re-add 16..31
    // (already members: no-ops) and remove 48..63 (never members: no-ops)
    const g = await createGroup(
      api,
      "Mixed",
      people.slice(0, 32).map((u) => u.id),
    );
    const ops: { op: string; id: string }[] = [];
    for (let i = 0; i < 16; i++) {
      ops.push({ op: "Add", id: people[32 + i].id });
      ops.push({ op: "Remove", id: people[i].id });
      ops.push({ op: "Add", id: people[16 + i].id });
      ops.push({ op: "Remove", id: people[48 + i].id });
    }
    expect(ops).toHaveLength(64);
    const results = await Promise.all(
      ops.map(({ op, id }) =>
        op === "Add"
          ? api.patch(`/Groups/${g.id}`, patchOps({ op, path: "members", value: [{ $ref: null, value: id }] }))
          : api.patch(
              `/Groups/${g.id}?aadOptscim062020`,
              patchOps({ op: "remove", path: `members[value eq "${id}"]` }),
            ),
      ),
    );
    expect(results.every((r) => r.status === 204)).toBe(true);
    // serial result: no id is both added and removed, so order doesn't matter
    const expected = new Set(people.slice(0, 32).map((u) => u.id));
    for (const { op, id } of ops) {
      if (op === "Add") expected.add(id);
      else expected.delete(id);
    }
    expect(expected.size).toBe(32);
    expect(await memberIds(api, g.id)).toEqual([...expected].sort());
  });

  it("16 parallel creates of the same userName (varying case) → exactly one 201 and fifteen 409 uniqueness", async () => {
    const { api, db, workspace } = await newWorkspace();
    const base = `race.${Date.now()}@example.com`;
    const variants = Array.from({ length: 16 }, (_, i) =>
      [...base].map((c, j) => ((i >> (j % 4)) & 1 ? c.toUpperCase() : c)).join(""),
    );
    const results = await Promise.all(variants.map((userName) => api.post("/Users", userBody({ userName }))));
    const created = results.filter((r) => r.status === 201);
    const conflicts = results.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(15);
    for (const c of conflicts) expectScimError(c, 409, "uniqueness");
    expect(await db.member.count({ where: { workspaceId: workspace.id, userNameLower: base.toLowerCase() } })).toBe(1);
  });

  it("8 parallel creates of the same group displayName → one 201, seven 409", async () => {
    const { api, db, workspace } = await newWorkspace();
    const results = await Promise.all(
      ["Team", "TEAM", "team", "tEAM", "Team", "TeAm", "teaM", "TEam"].map((displayName) =>
        api.post("/Groups", { displayName }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const c of results.filter((r) => r.status !== 201)) expectScimError(c, 409, "uniqueness");
    expect(await db.group.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("parallel PATCHes of one user touching different attributes → every change is present", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const ops = [
      { op: "Replace", path: "displayName", value: "New Display" },
      { op: "Replace", path: "name.givenName", value: "Given2" },
      { op: "Replace", path: "name.familyName", value: "Family2" },
      { op: "Replace", path: "title", value: "Boss" },
      { op: "Add", path: "nickName", value: "Nick" },
      { op: "Replace", path: "externalId", value: "ext-2" },
      { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+100" },
      { op: "Add", path: 'addresses[type eq "work"].locality', value: "Oslo" },
      { op: "Replace", path: `${ENTERPRISE}:department`, value: "R&D" },
      { op: "Replace", path: `${ENTERPRISE}:employeeNumber`, value: "42" },
      { op: "Replace", path: "preferredLanguage", value: "nb-NO" },
      { op: "Replace", path: "userType", value: "admin" },
    ];
    const results = await Promise.all(ops.map((op) => api.patch(`/Users/${u.id}`, patchOps(op))));
    expect(results.map((r) => r.status)).toEqual(ops.map(() => 200));
    const got = (await api.get(`/Users/${u.id}`)).body;
    expect(got).toMatchObject({
      displayName: "New Display",
      name: { givenName: "Given2", familyName: "Family2" },
      title: "Boss",
      nickName: "Nick",
      externalId: "ext-2",
      phoneNumbers: [{ type: "mobile", value: "+100" }],
      addresses: [{ type: "work", locality: "Oslo" }],
      [ENTERPRISE]: { department: "R&D", employeeNumber: "42" },
      preferredLanguage: "nb-NO",
      userType: "admin",
      emails: u.emails,
    });
    expect(got.meta.version).toBe(`W/"${1 + ops.length}"`);
  });

  it("parallel group PATCHes mixing displayName changes and member adds/removes", async () => {
    const { api } = await newWorkspace();
    const people = await users(api, 20);
    const g = await createGroup(
      api,
      "Renamed 0",
      people.slice(0, 10).map((u) => u.id),
    );
    const requests = [
      ...people.slice(10).map((u) => patchOps({ op: "Add", path: "members", value: [{ value: u.id }] })),
      ...people.slice(0, 5).map((u) => patchOps({ op: "Remove", path: "members", value: [{ value: u.id }] })),
      ...[1, 2, 3, 4, 5].map((i) => patchOps({ op: "Replace", path: "displayName", value: `Renamed ${i}` })),
      ...[6, 7].map((i) =>
        patchOps(
          { op: "replace", value: { id: g.id, displayName: `Renamed ${i}` } },
          { op: "add", path: "members", value: [{ value: people[19].id }] },
        ),
      ),
    ];
    const results = await Promise.all(requests.map((b) => api.patch(`/Groups/${g.id}`, b)));
    expect(results.map((r) => r.status)).toEqual(requests.map(() => 204));
    const got = await api.get(`/Groups/${g.id}`);
    expect(got.body.displayName).toMatch(/^Renamed [1-7]$/);
    expect(got.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      people
        .slice(5)
        .map((u) => u.id)
        .sort(),
    );
    expect(got.body.meta.version).toBe(`W/"${1 + requests.length}"`);
  });

  it("a request whose transaction fails never takes concurrent requests' writes with it (log stays complete)", async () => {
    const { api, db, workspace } = await newWorkspace();
    await createGroup(api, "Taken");
    const g = await createGroup(api, "Other");
    const requests: Promise<{ status: number; body: { id?: string } }>[] = [];
    for (let i = 0; i < 40; i++) {
      requests.push(api.post("/Users", userBody()));
      // a rename onto an existing name fails inside its transaction → 409 and a rollback
      requests.push(api.patch(`/Groups/${g.id}`, patchOps({ op: "replace", path: "displayName", value: "TAKEN" })));
    }
    const results = await Promise.all(requests);
    const created = results.filter((r) => r.status === 201).map((r) => r.body.id!);
    expect(created).toHaveLength(40);
    expect(results.filter((r) => r.status === 409)).toHaveLength(40);
    expect(await db.member.count({ where: { id: { in: created } } })).toBe(40);
    // one provisioning event per request: 2 group creates + 80 requests
    expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(82);
    expect(
      await db.provisioningEvent.count({ where: { workspaceId: workspace.id, status: 409, scimType: "uniqueness" } }),
    ).toBe(40);
  });

  it("two parallel suspensions of the only two active owners → exactly one succeeds", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const second = await createUser(api);
    await db.member.update({ where: { id: second.id }, data: { role: "owner" } });
    const results = await Promise.all(
      [owner.id, second.id].map((id) => api.patch(`/Users/${id}`, entra.setActive(false))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db.member.count({ where: { workspaceId: workspace.id, role: "owner", status: "active" } })).toBe(1);
  });

  it("parallel DELETE and suspension of one owner pair → never zero active owners", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const second = await createUser(api);
    await db.member.update({ where: { id: second.id }, data: { role: "owner" } });
    // The operator's token: a token of the owner being deleted would lose its owner powers with them.
    const ops = client((await createToken(workspace.id, { label: "ops", createdByOperator: true })).secret);
    const results = await Promise.all([
      ops.delete(`/Users/${owner.id}`),
      ops.patch(`/Users/${second.id}`, patchOps({ op: "replace", path: "active", value: false })),
    ]);
    expect(results.filter((r) => r.status === 409)).toHaveLength(1);
    expect(results.filter((r) => r.status === 204 || r.status === 200)).toHaveLength(1);
    expect(await db.member.count({ where: { workspaceId: workspace.id, role: "owner", status: "active" } })).toBe(1);
  });

  // PostgreSQL runs a group PATCH as one statement and a user PATCH optimistically, both on a snapshot taken
  // before they wait for a row lock. These tests hold that lock in another transaction with a change of its
  // own, start the request so it reads the old state and waits, then commit: the request must apply on top of
  // the committed change, as if it had run after it.
  describe.runIf(process.env.TEST_DB === "postgres")("a request that waited for another writer's row lock", () => {
    async function holdingLock(change: (c: pg.Client) => Promise<void>, request: () => Promise<{ status: number }>) {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      try {
        await c.query("BEGIN");
        await change(c);
        const pending = request();
        await waitForLockWait(c);
        await c.query("COMMIT");
        return await pending;
      } finally {
        await c.end();
      }
    }

    async function waitForLockWait(c: pg.Client) {
      for (let i = 0; i < 200; i++) {
        const { rows } = await c.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (rows.length) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error("the request never waited for the row lock");
    }

    /** Another writer's membership change, as a group PATCH makes it: version bump first (the lock). */
    const addWhileLocked = (groupId: string, memberId: string, workspaceId: string) => async (c: pg.Client) => {
      await c.query(`UPDATE "Group" SET "version" = "version" + 1 WHERE "id" = $1`, [groupId]);
      await c.query(
        `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId", "createdAt") VALUES ($1, $2, $3, now())`,
        [groupId, memberId, workspaceId],
      );
    };

    it("a group PATCH removing members removes one the other writer added meanwhile", async () => {
      const { api, workspace } = await newWorkspace();
      const [a, b] = await users(api, 2);
      const g = await createGroup(api, "Waits", [a.id]);
      const res = await holdingLock(addWhileLocked(g.id, b.id, workspace.id), () =>
        api.patch(
          `/Groups/${g.id}`,
          patchOps({ op: "Remove", path: "members", value: [{ value: a.id }, { value: b.id }] }),
        ),
      );
      expect(res.status).toBe(204);
      expect(await memberIds(api, g.id)).toEqual([]);
    });

    it("a group PATCH replacing members replaces the other writer's addition too", async () => {
      const { api, workspace } = await newWorkspace();
      const [a, b, c] = await users(api, 3);
      const g = await createGroup(api, "Waits", [a.id]);
      const res = await holdingLock(addWhileLocked(g.id, b.id, workspace.id), () =>
        api.patch(`/Groups/${g.id}`, patchOps({ op: "replace", path: "members", value: [{ value: c.id }] })),
      );
      expect(res.status).toBe(204);
      expect(await memberIds(api, g.id)).toEqual([c.id]);
      // created (1), the other writer (2), this PATCH once (3): the statement that read the old state changed nothing
      expect((await api.get(`/Groups/${g.id}`)).body.meta.version).toBe(`W/"3"`);
    });

    it("a group PATCH adding members keeps the other writer's changes: its removal of a member this PATCH adds, its addition", async () => {
      const { api, workspace } = await newWorkspace();
      const [a, b, c] = await users(api, 3);
      const g = await createGroup(api, "Waits", [a.id]);
      const res = await holdingLock(
        async (cl) => {
          await addWhileLocked(g.id, b.id, workspace.id)(cl);
          await cl.query(`DELETE FROM "GroupMember" WHERE "groupId" = $1 AND "memberId" = $2`, [g.id, a.id]);
        },
        () =>
          api.patch(
            `/Groups/${g.id}`,
            patchOps({ op: "Add", path: "members", value: [{ value: a.id }, { value: c.id }] }),
          ),
      );
      expect(res.status).toBe(204);
      expect(await memberIds(api, g.id)).toEqual([a.id, b.id, c.id].sort());
      expect((await api.get(`/Groups/${g.id}`)).body.meta.version).toBe(`W/"3"`);
    });

    it("a user PATCH keeps the other writer's change and adds its own", async () => {
      const { api } = await newWorkspace();
      const u = await createUser(api);
      const res = await holdingLock(
        async (c) =>
          void (await c.query(
            `UPDATE "Member" SET "displayName" = 'Changed meanwhile', "attributes" = jsonb_set("attributes"::jsonb, '{displayName}', '"Changed meanwhile"')::text, "version" = "version" + 1 WHERE "id" = $1`,
            [u.id],
          )),
        () => api.patch(`/Users/${u.id}`, patchOps({ op: "Replace", path: "title", value: "Waited" })),
      );
      expect(res.status).toBe(200);
      const got = (await api.get(`/Users/${u.id}`)).body;
      expect(got).toMatchObject({ displayName: "Changed meanwhile", title: "Waited", meta: { version: `W/"3"` } });
    });
  });
});
