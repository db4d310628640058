// The offboarding policy (issue 16, part 3) on the real database, through real SCIM requests and the
// real server action: what a hard DELETE does under each setting, automatic removal of members suspended
// by SCIM for longer than N days (audited as "policy", logged as POLICY, once even when two runs race),
// the dry-run preview, the seat summary, and owners-only settings. Only the session is stubbed.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signInAs } from "../support/session-mock";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));
vi.mock("next/cache", async () => (await import("../support/session-mock")).nextCacheStub());

import { saveOffboardingAction } from "@/app/w/[slug]/settings/offboarding/actions";
import { createManualMember } from "@/lib/services/members";
import { setMemberSuspended } from "@/lib/services/admin/member-actions";
import {
  getOffboardingPolicy,
  removalPreview,
  removeExpiredSuspensions,
  runOffboardingPolicies,
  saveOffboardingPolicy,
  suspendedSeats,
} from "@/lib/services/offboarding";
import { startOffboardingJob, stopOffboardingJob } from "@/lib/server/offboarding-job";
import { listEvents } from "@/lib/services/admin/events";
import { provisioningHealth } from "@/lib/services/admin/health";
import { patchOps } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { createUser } from "../support/scim-resources";

type Ws = Awaited<ReturnType<typeof newWorkspace>>;
const DAY = 86_400_000;
const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};
const owner = (w: Ws) => ({ memberId: w.owner.id, role: "owner" });
const backdate = (w: Ws, id: string, days: number) =>
  w.db.member.update({ where: { id }, data: { scimSuspendedAt: new Date(Date.now() - days * DAY) } });

describe("offboarding policy", { timeout: 120_000 }, () => {
  let w: Ws;
  beforeEach(async () => {
    w = await newWorkspace();
    signInAs(w.owner.accountId);
  });

  it("without a policy a SCIM DELETE removes the member, as before", async () => {
    const u = await createUser(w.api);
    expect((await w.api.delete(`/Users/${u.id}`)).status).toBe(204);
    expect(await w.db.member.findUnique({ where: { id: u.id } })).toBeNull();
    expect((await w.api.get(`/Users/${u.id}`)).status).toBe(404);
  });

  it("under 'suspend' a SCIM DELETE suspends the member (204), keeps their groups, logs why, and Entra can reactivate them", async () => {
    await saveOffboardingPolicy(w.workspace.id, owner(w), { deleteAction: "suspend", removeAfterDays: null });
    const u = await createUser(w.api);
    const g = await w.api.post("/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: uid("g"),
      members: [{ value: u.id }],
    });
    expect(g.status).toBe(201);
    const del = await w.api.delete(`/Users/${u.id}`);
    expect(del.status).toBe(204);
    const m = await w.db.member.findUniqueOrThrow({ where: { id: u.id }, include: { groups: true } });
    expect(m).toMatchObject({ status: "suspended", active: false });
    expect(m.scimSuspendedAt).toBeInstanceOf(Date);
    expect(m.groups).toHaveLength(1);
    const ev = await w.db.provisioningEvent.findFirstOrThrow({
      where: { workspaceId: w.workspace.id, method: "DELETE", resourceId: u.id },
    });
    expect(ev.status).toBe(204);
    expect(ev.detail).toContain("suspended instead of removed");
    expect(JSON.parse(ev.changes!)).toEqual({ paths: ["active"], active: false });
    // GET shows it inactive; Entra re-assigning the user finds it by userName and reactivates it
    const got = await w.api.get(`/Users?filter=${encodeURIComponent(`userName eq "${u.userName}"`)}`);
    expect(got.body.Resources[0].active).toBe(false);
    expect((await w.api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "active", value: true }))).status).toBe(
      200,
    );
    expect(await w.db.member.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({
      status: "active",
      active: true,
      scimSuspendedAt: null,
    });
  });

  it("removes members suspended by SCIM longer than N days, never those suspended by hand; audited as 'policy' and logged", async () => {
    const old = await createUser(w.api);
    const recent = await createUser(w.api);
    const manual = await createManualMember(w.workspace.id, { email: `${uid("m")}@example.test`, role: "member" });
    for (const u of [old, recent])
      expect(
        (await w.api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "active", value: "False" }))).status,
      ).toBe(200);
    await setMemberSuspended(w.workspace.id, { memberId: w.owner.id, role: "owner" }, manual.id, true);
    await backdate(w, old.id, 31);
    await backdate(w, recent.id, 5);
    await w.db.member.update({ where: { id: manual.id }, data: { updatedAt: new Date(Date.now() - 90 * DAY) } });

    // policy off: nothing happens
    expect(await runOffboardingPolicies()).toBe(0);
    await saveOffboardingPolicy(w.workspace.id, owner(w), { deleteAction: "remove", removeAfterDays: 30 });
    expect(await suspendedSeats(w.workspace.id)).toEqual({
      scimSuspended: 2,
      removeAfterDays: 30,
      dueNow: 1,
      dueWithinWeek: 1,
    });
    const preview = await removalPreview(w.workspace.id, 30);
    expect(preview.map((p) => p.id)).toEqual([old.id, recent.id]);
    expect(await w.db.member.count({ where: { workspaceId: w.workspace.id } })).toBe(4); // dry run changed nothing

    expect(await removeExpiredSuspensions(w.workspace.id)).toEqual([old.id]);
    expect(await w.db.member.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await w.db.member.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await w.db.member.findUnique({ where: { id: manual.id } })).not.toBeNull();
    const audit = await w.db.auditEvent.findMany({ where: { workspaceId: w.workspace.id, action: "member.removed" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "policy", actorMemberId: null, targetId: old.id });
    const log = await w.db.provisioningEvent.findMany({ where: { workspaceId: w.workspace.id, method: "POLICY" } });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      resourceId: old.id,
      status: 204,
      userName: old.userName,
      tokenLabel: "offboarding policy",
    });
    expect(log[0].detail).toContain("more than 30 days");
    // the next run has nothing left to do
    expect(await removeExpiredSuspensions(w.workspace.id)).toEqual([]);
  });

  it("the job in the server process runs the policies on its interval; the log page can filter its POLICY entries", async () => {
    const u = await createUser(w.api);
    await w.api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "active", value: false }));
    await backdate(w, u.id, 3);
    await saveOffboardingPolicy(w.workspace.id, owner(w), { deleteAction: "remove", removeAfterDays: 2 });
    startOffboardingJob(1000);
    try {
      await expect.poll(() => w.db.member.count({ where: { id: u.id } }), { timeout: 15_000, interval: 250 }).toBe(0);
    } finally {
      await stopOffboardingJob();
    }
    const page = await listEvents(w.workspace.id, { method: "POLICY" }, { size: 20 });
    expect(JSON.stringify(page)).toContain(u.id);
    // a policy removal is not contact from the identity provider: the health card's "last request" stays the PATCH
    const removal = await w.db.provisioningEvent.findFirstOrThrow({
      where: { workspaceId: w.workspace.id, method: "POLICY" },
    });
    const lastPatch = await w.db.provisioningEvent.findFirstOrThrow({
      where: { workspaceId: w.workspace.id, method: "PATCH" },
    });
    expect((await provisioningHealth(w.workspace.id)).lastRequestAt).toEqual(lastPatch.createdAt);
    expect(removal.createdAt.getTime()).toBeGreaterThan(lastPatch.createdAt.getTime());
  });

  it("two runs racing (two server processes) remove, audit and log each member exactly once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const u = await createUser(w.api);
      await w.api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "active", value: false }));
      await backdate(w, u.id, 10);
      ids.push(u.id);
    }
    await saveOffboardingPolicy(w.workspace.id, owner(w), { deleteAction: "suspend", removeAfterDays: 7 });
    const [a, b, c] = await Promise.all([
      removeExpiredSuspensions(w.workspace.id),
      removeExpiredSuspensions(w.workspace.id),
      removeExpiredSuspensions(w.workspace.id),
    ]);
    expect([...a, ...b, ...c].sort()).toEqual([...ids].sort());
    expect(await w.db.auditEvent.count({ where: { workspaceId: w.workspace.id, action: "member.removed" } })).toBe(6);
    expect(await w.db.provisioningEvent.count({ where: { workspaceId: w.workspace.id, method: "POLICY" } })).toBe(6);
  });

  it("the settings action: owners save (audited) and preview; admins are refused; bad input keeps the form's error on its field", async () => {
    const slug = w.workspace.slug;
    const bad = await saveOffboardingAction({}, form({ slug, deleteAction: "suspend", removeAfterDays: "0" }));
    expect(bad.errors?.removeAfterDays).toMatch(/At least 1 day/);
    const ok = await saveOffboardingAction(
      {},
      form({ slug, deleteAction: "suspend", removeAfterDays: "14", intent: "save" }),
    );
    expect(ok.ok).toBe(true);
    expect(await getOffboardingPolicy(w.workspace.id)).toEqual({ deleteAction: "suspend", removeAfterDays: 14 });
    const entry = await w.db.auditEvent.findFirstOrThrow({
      where: { workspaceId: w.workspace.id, action: "workspace.offboarding_changed" },
    });
    expect(JSON.parse(entry.detail)).toEqual({
      from: { deleteAction: "remove", removeAfterDays: null },
      to: { deleteAction: "suspend", removeAfterDays: 14 },
    });

    const u = await createUser(w.api);
    await w.api.delete(`/Users/${u.id}`);
    await backdate(w, u.id, 20);
    const preview = await saveOffboardingAction(
      {},
      form({ slug, deleteAction: "suspend", removeAfterDays: "10", intent: "preview" }),
    );
    expect(preview.preview).toEqual([expect.objectContaining({ id: u.id, due: true })]);
    expect(await getOffboardingPolicy(w.workspace.id)).toEqual({ deleteAction: "suspend", removeAfterDays: 14 }); // preview saves nothing

    const email = `admin-${uid()}@example.test`;
    await createManualMember(w.workspace.id, { email, password: "a-Long-admin-passphrase-42", role: "admin" });
    signInAs((await w.db.account.findFirstOrThrow({ where: { emailLower: email } })).id);
    const refused = await saveOffboardingAction({}, form({ slug, deleteAction: "remove", removeAfterDays: "" }));
    expect(refused.errors?.form).toMatch(/Only workspace owners/);
    const refusedPreview = await saveOffboardingAction(
      {},
      form({ slug, deleteAction: "remove", removeAfterDays: "1", intent: "preview" }),
    );
    expect(refusedPreview.preview).toBeUndefined();
    expect(await getOffboardingPolicy(w.workspace.id)).toEqual({ deleteAction: "suspend", removeAfterDays: 14 });
    await expect(
      saveOffboardingPolicy(
        w.workspace.id,
        { memberId: w.owner.id, role: "admin" },
        { deleteAction: "remove", removeAfterDays: null },
      ),
    ).rejects.toThrow(/Only workspace owners/);
  });
});
