// The mass-deprovisioning guardrail (lib/services/guardrail.ts): SCIM suspensions and removals beyond the
// window's budget are held, not applied; the identity provider still gets its success answer; owners
// approve (applied through the same service paths: webhooks, owner guard, log) or discard; reactivation
// cancels; the budget holds under parallel requests (PostgreSQL: row lock on the guard row).
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { approveHeld, discardHeld, heldChanges, saveGuardSettings } from "@/lib/services/guardrail-review";
import { deprovisionBudget, DEFAULT_GUARD } from "@/lib/services/guardrail";
import { saveOffboardingPolicy } from "@/lib/services/offboarding";
import { pruneEvents } from "@/lib/services/provisioning-log";
import { patchOps, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import type { Api } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const deactivate = entra.setActive(false); // as Entra sends it
const reactivate = entra.setActive(true);

/** `n` SCIM users created in one Bulk request; their ids in order. */
async function provision(api: Api, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 500) {
    const ops = Array.from({ length: Math.min(500, n - start) }, (_, i) => ({
      method: "POST",
      path: "/Users",
      bulkId: `u${start + i}`,
      data: { schemas: [USER], userName: `p${start + i}.${uid()}@example.test`, active: true },
    }));
    const res = await api.post("/Bulk", { schemas: [BULK_REQUEST], Operations: ops });
    expect(res.status, res.text).toBe(200);
    for (const op of res.body.Operations as { status: string; location: string }[]) {
      expect(op.status).toBe("201");
      ids.push(op.location.split("/").pop()!);
    }
  }
  return ids;
}

/** Sends `requests` with at most `parallel` in flight, like Entra's provisioning workers. */
async function inParallel<T>(
  items: T[],
  parallel: number,
  send: (item: T) => Promise<{ status: number; text: string }>,
) {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const res = await send(items[next++]);
        statuses.push(res.status);
      }
    }),
  );
  return statuses;
}

async function memberStates(db: Db, workspaceId: string) {
  const rows = await db.member.groupBy({ by: ["status"], where: { workspaceId }, _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count])) as Record<string, number>;
}

async function webhookSetup(db: Db, workspaceId: string) {
  await db.webhookEndpoint.create({
    data: { workspaceId, url: "http://127.0.0.1:9/hook", secretSealed: "sealed-test-secret" },
  });
  return (type: string) => db.webhookDelivery.count({ where: { workspaceId, type } });
}

describe("mass-deprovisioning guardrail", () => {
  it("budget: 10 % of the workspace at the window's start, at least 10 people", () => {
    expect(deprovisionBudget(DEFAULT_GUARD, 500, 0)).toBe(50);
    expect(deprovisionBudget(DEFAULT_GUARD, 460, 40)).toBe(50);
    expect(deprovisionBudget(DEFAULT_GUARD, 30, 0)).toBe(10);
  });

  it("an Entra cycle unassigning 60 % of 500 members: exactly the budget applied, the rest held, nobody lost", async () => {
    const { api, db, workspace } = await newWorkspace();
    const ids = await provision(api, 499); // + the owner = 500 active members
    const deliveries = await webhookSetup(db, workspace.id);
    const unassigned = ids.slice(0, 300);
    const statuses = await inParallel(unassigned, 8, (id) => api.patch(`/Users/${id}`, deactivate));
    // Entra gets its success answer for every request: nothing to retry, no quarantine.
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await memberStates(db, workspace.id)).toEqual({ active: 450, suspended: 50 });
    expect(await db.member.count({ where: { workspaceId: workspace.id } })).toBe(500);
    expect(await deliveries("member.suspended")).toBe(50); // held changes emit nothing
    const held = await heldChanges(workspace.id);
    expect(held).toHaveLength(250);
    expect(held[0]).toMatchObject({
      method: "PATCH",
      kind: "suspend",
      tokenLabel: "Entra ID",
      path: `/scim/v2/Users/${held[0].memberId}`,
    });
    expect(JSON.parse(held[0].body!)).toEqual(deactivate);
    // GET tells the truth: still active, version (ETag) unchanged; filters agree.
    const one = await api.get(`/Users/${held[0].memberId}`);
    expect(one.body.active).toBe(true);
    expect(one.headers.get("etag")).toBe('W/"1"');
    expect((await api.get(`/Users?filter=${encodeURIComponent("active eq true")}&count=1`)).body.totalResults).toBe(
      450,
    );
    // the provisioning log says why
    await new Promise((r) => setTimeout(r, 0));
    expect(
      await db.provisioningEvent.count({
        where: { workspaceId: workspace.id, method: "PATCH", detail: { contains: "held by the guardrail" } },
      }),
    ).toBe(250);
  }, 120_000);

  it("answers a held PATCH with the user as asked (active false, no ETag) and a held DELETE with 204", async () => {
    const { api, workspace } = await newWorkspace();
    const ids = await provision(api, 29); // 30 active: budget 10
    for (const id of ids.slice(0, 10)) expect((await api.patch(`/Users/${id}`, deactivate)).status).toBe(200);
    const res = await api.patch(`/Users/${ids[10]}`, deactivate);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(res.headers.get("etag")).toBeNull();
    const del = await api.delete(`/Users/${ids[11]}`);
    expect(del.status).toBe(204);
    expect((await api.get(`/Users/${ids[11]}`)).status).toBe(200); // still there
    // A PUT (Okta) with active false and a new title: the title applies, the suspension is held.
    const current = (await api.get(`/Users/${ids[12]}`)).body;
    const put = await api.put(`/Users/${ids[12]}`, { ...current, title: "Engineer", active: false });
    expect(put.status).toBe(200);
    const after = (await api.get(`/Users/${ids[12]}`)).body;
    expect(after).toMatchObject({ active: true, title: "Engineer" });
    // A DELETE of a member whose suspension is held is held too.
    expect((await api.delete(`/Users/${ids[10]}`)).status).toBe(204);
    expect((await api.get(`/Users/${ids[10]}`)).body.active).toBe(true);
    const held = await heldChanges(workspace.id);
    expect(held.map((h) => [h.memberId, h.kind])).toEqual([
      [ids[10], "suspend"],
      [ids[11], "remove"],
      [ids[12], "suspend"],
      [ids[10], "remove"],
    ]);
    // A retried suspension (Entra retries) does not add a second row.
    await api.patch(`/Users/${ids[12]}`, deactivate);
    expect(await heldChanges(workspace.id)).toHaveLength(4);
  });

  it("approve applies the held changes in order through the service paths; the decision is audited", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const ids = await provision(api, 29);
    const deliveries = await webhookSetup(db, workspace.id);
    await inParallel(ids.slice(0, 15), 4, (id) => api.patch(`/Users/${id}`, deactivate));
    await api.delete(`/Users/${ids[20]}`);
    expect(await memberStates(db, workspace.id)).toEqual({ active: 20, suspended: 10 });
    const result = await approveHeld(workspace.id, { memberId: owner.id });
    expect(result).toEqual({ applied: 6, failed: [], skipped: 0 });
    expect(await memberStates(db, workspace.id)).toEqual({ active: 14, suspended: 15 });
    expect(await db.member.count({ where: { id: ids[20] } })).toBe(0);
    expect(await deliveries("member.suspended")).toBe(15);
    expect(await deliveries("member.removed")).toBe(1);
    expect(await heldChanges(workspace.id)).toHaveLength(0);
    const audit = await db.auditEvent.findFirst({ where: { workspaceId: workspace.id, action: "guardrail.approved" } });
    expect(audit?.actorMemberId).toBe(owner.id);
    expect(JSON.parse(audit!.detail)).toMatchObject({ applied: 6, failed: 0 });
    expect(
      await db.provisioningEvent.count({ where: { workspaceId: workspace.id, detail: { contains: "approved by" } } }),
    ).toBe(6);
    // approved changes do not use up the window's budget: the next suspension still applies
    expect((await api.patch(`/Users/${ids[25]}`, deactivate)).status).toBe(200);
    expect((await heldChanges(workspace.id)).length).toBe(1); // 10 applied already this window
  });

  it("discard drops them: nobody is suspended, the decision is audited", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const ids = await provision(api, 29);
    const deliveries = await webhookSetup(db, workspace.id);
    await inParallel(ids.slice(0, 14), 4, (id) => api.patch(`/Users/${id}`, deactivate));
    expect(await discardHeld(workspace.id, { memberId: owner.id })).toEqual({ discarded: 4 });
    expect(await memberStates(db, workspace.id)).toEqual({ active: 20, suspended: 10 });
    expect(await deliveries("member.suspended")).toBe(10);
    expect(await heldChanges(workspace.id)).toHaveLength(0);
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "guardrail.discarded" } })).toBe(1);
  });

  it("a reactivation during the hold cancels the held suspension; approve then leaves that member alone", async () => {
    const { api, workspace, owner } = await newWorkspace();
    const ids = await provision(api, 29);
    for (const id of ids.slice(0, 12)) await api.patch(`/Users/${id}`, deactivate);
    expect(await heldChanges(workspace.id)).toHaveLength(2);
    expect((await api.patch(`/Users/${ids[10]}`, reactivate)).status).toBe(200);
    // other attribute updates of a held member apply normally and leave the hold alone
    expect(
      (await api.patch(`/Users/${ids[11]}`, patchOps({ op: "replace", path: "title", value: "Lead" }))).body.title,
    ).toBe("Lead");
    expect((await heldChanges(workspace.id)).map((h) => h.memberId)).toEqual([ids[11]]);
    await approveHeld(workspace.id, { memberId: owner.id });
    expect((await api.get(`/Users/${ids[10]}`)).body.active).toBe(true);
    expect((await api.get(`/Users/${ids[11]}`)).body).toMatchObject({ active: false, title: "Lead" });
  });

  it("parallel deprovisioning requests (PATCH, DELETE, Bulk) never exceed the budget", async () => {
    const { api, db, workspace } = await newWorkspace();
    const ids = await provision(api, 59); // 60 active: budget 10
    const bulkOps = ids.slice(40, 50).map((id) => ({ method: "PATCH", path: `/Users/${id}`, data: deactivate }));
    const results = await Promise.all([
      ...ids.slice(0, 25).map((id) => api.patch(`/Users/${id}`, deactivate)),
      ...ids.slice(25, 40).map((id) => api.delete(`/Users/${id}`)),
      api.post("/Bulk", { schemas: [BULK_REQUEST], Operations: bulkOps }),
    ]);
    expect(results.every((r) => r.status === 200 || r.status === 204)).toBe(true);
    const states = await memberStates(db, workspace.id);
    const removed = 60 - (await db.member.count({ where: { workspaceId: workspace.id } }));
    expect((states.suspended ?? 0) + removed).toBe(10);
    expect(await heldChanges(workspace.id)).toHaveLength(40);
  });

  it("the window slides: suspensions applied longer ago than the window no longer count", async () => {
    const { api, db, workspace } = await newWorkspace();
    const ids = await provision(api, 29);
    for (const id of ids.slice(0, 11)) await api.patch(`/Users/${id}`, deactivate);
    expect(await heldChanges(workspace.id)).toHaveLength(1);
    // five of the ten applied suspensions are now 61 minutes old: five more fit in the window
    const applied = await db.deprovisionIntent.findMany({
      where: { workspaceId: workspace.id, state: "applied" },
      orderBy: { createdAt: "asc" },
      take: 5,
    });
    await db.deprovisionIntent.updateMany({
      where: { id: { in: applied.map((a) => a.id) } },
      data: { createdAt: new Date(Date.now() - 61 * 60_000) },
    });
    for (const id of ids.slice(11, 18)) await api.patch(`/Users/${id}`, deactivate);
    expect(await memberStates(db, workspace.id)).toMatchObject({ suspended: 15 });
    expect(await heldChanges(workspace.id)).toHaveLength(3);
  });

  it("log retention prunes decided intents after the longest window, never held ones", async () => {
    const { api, db, workspace } = await newWorkspace();
    const ids = await provision(api, 29);
    for (const id of ids.slice(0, 11)) await api.patch(`/Users/${id}`, deactivate);
    const old = new Date(Date.now() - 8 * 86_400_000);
    await db.deprovisionIntent.updateMany({ where: { workspaceId: workspace.id }, data: { createdAt: old } });
    await db.deprovisionIntent.updateMany({
      where: { workspaceId: workspace.id, memberId: ids[0] },
      data: { createdAt: new Date(Date.now() - 3 * 86_400_000) },
    });
    await pruneEvents(workspace.id, 1);
    const left = await db.deprovisionIntent.findMany({ where: { workspaceId: workspace.id } });
    expect(left.map((i) => [i.memberId, i.state]).sort()).toEqual(
      [
        [ids[0], "applied"],
        [ids[10], "held"],
      ].sort(),
    );
  });

  it("approve reports what no longer applies (the member is gone) and applies the rest", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const ids = await provision(api, 29);
    for (const id of ids.slice(0, 12)) await api.patch(`/Users/${id}`, deactivate);
    await db.member.delete({ where: { id: ids[10] } }); // removed in the app meanwhile
    const result = await approveHeld(workspace.id, { memberId: owner.id });
    expect(result.applied).toBe(1);
    expect(result.failed).toEqual([{ userName: expect.any(String), reason: `User ${ids[10]} not found` }]);
    expect(await db.deprovisionIntent.count({ where: { workspaceId: workspace.id, state: "failed" } })).toBe(1);
    expect((await api.get(`/Users/${ids[11]}`)).body.active).toBe(false);
  });

  it("owners only: admins and members cannot approve or discard; the setting turns it off", async () => {
    const { api, db, workspace } = await newWorkspace();
    const ids = await provision(api, 29);
    const admin = await db.member.create({
      data: {
        workspaceId: workspace.id,
        userName: `a.${uid()}@x.test`,
        userNameLower: `a.${uid()}@x.test`,
        role: "admin",
      },
    });
    for (const id of ids.slice(0, 11)) await api.patch(`/Users/${id}`, deactivate);
    await expect(approveHeld(workspace.id, { memberId: admin.id })).rejects.toThrow(/Only workspace owners/);
    await expect(discardHeld(workspace.id, { memberId: ids[20] })).rejects.toThrow(/Only workspace owners/);
    await expect(
      saveGuardSettings(workspace.id, { memberId: admin.id }, { ...DEFAULT_GUARD, enabled: false }),
    ).rejects.toThrow(/Only workspace owners/);
    expect(await heldChanges(workspace.id)).toHaveLength(1);
    const owner = await db.member.findFirstOrThrow({ where: { workspaceId: workspace.id, role: "owner" } });
    await saveGuardSettings(workspace.id, { memberId: owner.id }, { ...DEFAULT_GUARD, enabled: false });
    for (const id of ids.slice(11, 20)) await api.patch(`/Users/${id}`, deactivate);
    expect(await memberStates(db, workspace.id)).toMatchObject({ suspended: 19 });
    // and back on: the next request is counted again (the setting is read with each request's token)
    await saveGuardSettings(workspace.id, { memberId: owner.id }, DEFAULT_GUARD);
    await api.patch(`/Users/${ids[20]}`, deactivate);
    expect(await memberStates(db, workspace.id)).toMatchObject({ suspended: 19 });
    expect(await heldChanges(workspace.id)).toHaveLength(2);
  });
});

describe("with the offboarding policy 'a DELETE suspends'", () => {
  it("a DELETE beyond the budget is held like a removal, and approving it suspends the member (the policy applies once, on approval)", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    await saveOffboardingPolicy(
      workspace.id,
      { memberId: owner.id, role: "owner" },
      { deleteAction: "suspend", removeAfterDays: null },
    );
    await saveGuardSettings(
      workspace.id,
      { memberId: owner.id },
      { ...DEFAULT_GUARD, thresholdPercent: 1, minPeople: 1 },
    );
    const ids = await provision(api, 3);
    for (const id of ids) expect((await api.delete(`/Users/${id}`)).status).toBe(204);
    // a budget of 1: the first DELETE suspends, the other two are held; nobody is removed
    expect(await memberStates(db, workspace.id)).toEqual({ active: 3, suspended: 1 });
    expect(await db.deprovisionIntent.count({ where: { workspaceId: workspace.id, state: "held" } })).toBe(2);
    await approveHeld(workspace.id, { memberId: owner.id });
    expect(await memberStates(db, workspace.id)).toEqual({ active: 1, suspended: 3 });
    expect(await db.member.count({ where: { workspaceId: workspace.id } })).toBe(4);
  });
});
