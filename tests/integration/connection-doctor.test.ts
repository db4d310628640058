// The connection doctor (issue 16, part 2) on the real database: real SCIM requests through the real
// handler fill the provisioning log, and each setup step and mapping check reads what they show.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signInAs } from "../support/session-mock";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));

import { GET as doctorStatus } from "@/app/w/[slug]/doctor-status/route";
import { createManualMember } from "@/lib/services/members";
import { doctorChecks, liveSetup, type DoctorCheck } from "@/lib/services/admin/connection-doctor";
import { ENTERPRISE, patchOps, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { createGroup, createUser, q, userBody } from "../support/scim-resources";

type Ws = Awaited<ReturnType<typeof newWorkspace>>;

async function check(w: Ws, id: DoctorCheck["id"], now?: Date) {
  return (await doctorChecks(w.workspace.id, now)).find((c) => c.id === id)!;
}

/** A verified domain for the workspace (as the DNS check leaves it). */
async function verify(w: Ws, domain: string) {
  await w.db.domain.create({
    data: {
      workspaceId: w.workspace.id,
      domain,
      verifiedDomain: domain,
      verificationToken: uid(),
      expiresAt: new Date(Date.now() + 86_400_000),
      verifiedAt: new Date(),
    },
  });
}

describe("connection doctor", { timeout: 120_000 }, () => {
  let w: Ws;
  let domain: string;
  beforeEach(async () => {
    w = await newWorkspace();
    domain = `${uid("corp")}.test`;
  });

  it("live setup ticks off Test Connection, first user, first group and first deactivation as they happen, with the last requests", async () => {
    let live = await liveSetup(w.workspace.id);
    expect(live.steps.map((s) => [s.id, s.at])).toEqual([
      ["test", null],
      ["user", null],
      ["group", null],
      ["deactivation", null],
    ]);
    expect(live.recent).toEqual([]);

    expect(
      (await w.api.get(`/Users?filter=${q('userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"')}`)).status,
    ).toBe(200);
    live = await liveSetup(w.workspace.id);
    expect(live.steps.filter((s) => s.at).map((s) => s.id)).toEqual(["test"]);
    expect(live.recent[0]).toMatchObject({ method: "GET", path: "/scim/v2/Users", status: 200 });

    const u = await createUser(w.api);
    await createGroup(w.api, uid("group"), [u.id]);
    expect((await liveSetup(w.workspace.id)).steps.filter((s) => s.at).map((s) => s.id)).toEqual([
      "test",
      "user",
      "group",
    ]);
    // an update that does not deactivate does not count
    await w.api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "title", value: "Engineer" }));
    expect((await liveSetup(w.workspace.id)).steps.find((s) => s.id === "deactivation")!.at).toBeNull();
    await w.api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "active", value: "False" }));
    live = await liveSetup(w.workspace.id);
    expect(live.steps.every((s) => s.at instanceof Date)).toBe(true);
    expect(live.recent.map((r) => r.method).slice(0, 2)).toEqual(["PATCH", "PATCH"]);
    // the polling page passes the steps it already shows: those are not looked up again
    const polled = await liveSetup(w.workspace.id, new Set(["test", "user"]));
    expect(polled.steps.map((s) => s.at !== null)).toEqual([false, false, true, true]);
  });

  it("userName checks: not an email, not on a verified domain, not what SSO signs in with", async () => {
    for (const id of ["username-email", "username-domain", "username-sso"] as const)
      expect((await check(w, id)).state).toBe("unknown");
    await createUser(w.api, { userName: "jdoe", externalId: uid() });
    const good = await createUser(w.api, { userName: `ann@${domain}`, externalId: uid() });
    let c = await check(w, "username-email");
    expect(c.state).toBe("warn");
    expect(c.examples).toEqual(["jdoe"]);
    expect(c.fix?.entra).toMatch(/userPrincipalName/);
    c = await check(w, "username-domain");
    expect(c.state).toBe("warn");
    expect(c.examples).toEqual([`ann@${domain}`]);
    await verify(w, domain);
    expect((await check(w, "username-domain")).state).toBe("ok");

    // SSO signed Ann in as another address than SCIM's userName
    const account = await w.db.account.create({
      data: { email: `ann.smith@${domain}`, emailLower: `ann.smith@${domain}` },
    });
    await w.db.member.update({ where: { id: good.id }, data: { accountId: account.id, ssoSubject: uid("nameid") } });
    c = await check(w, "username-sso");
    expect(c.state).toBe("warn");
    expect(c.examples).toEqual([`ann@${domain} ≠ ann.smith@${domain}`]);
    expect(c.fix?.entra).toMatch(/Name ID/);
    await w.db.account.update({
      where: { id: account.id },
      data: { email: `ANN@${domain}`, emailLower: `ann@${domain}` },
    });
    expect((await check(w, "username-sso")).state).toBe("ok");
  });

  it("active: warns when creates arrive without it, ok once it is sent", async () => {
    const body = userBody({ externalId: uid() });
    delete (body as Record<string, unknown>).active;
    expect((await w.api.post("/Users", body)).status).toBe(201);
    const c = await check(w, "active");
    expect(c.state).toBe("warn");
    expect(c.fix?.entra).toMatch(/IsSoftDeleted/);
    await createUser(w.api, { externalId: uid() });
    expect((await check(w, "active")).state).toBe("ok");
  });

  it("externalId: missing, then changing for the same user", async () => {
    const u = await createUser(w.api);
    let c = await check(w, "externalid");
    expect(c.state).toBe("warn");
    expect(c.summary).toMatch(/1 user write came without an externalId/);
    const w2 = await newWorkspace();
    const v = await createUser(w2.api, { externalId: "oid-1" });
    expect((await check(w2, "externalid")).state).toBe("ok");
    expect(
      (await w2.api.put(`/Users/${v.id}`, { ...userBody({ userName: v.userName }), externalId: "oid-2" })).status,
    ).toBe(200);
    c = await check(w2, "externalid");
    expect(c.state).toBe("warn");
    expect(c.summary).toMatch(/1 member had their externalId change/);
    expect(c.examples).toEqual([v.userName]);
    void u;
  });

  it("ignored attributes: names the attributes the app stores but does not act on", async () => {
    await createUser(w.api, {
      externalId: uid(),
      phoneNumbers: [{ value: "+1 555", type: "work" }],
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: { department: "Sales", employeeNumber: "7" },
    });
    const c = await check(w, "ignored");
    expect(c.state).toBe("info");
    expect(c.summary).toContain("department, employeeNumber, phoneNumbers");
    expect(c.summary).not.toContain("userName");
    const w2 = await newWorkspace();
    await createUser(w2.api, { externalId: uid() });
    expect((await check(w2, "ignored")).state).toBe("ok");
  });

  it("failures: three failing requests in 24 hours are a quarantine risk; lookups that miss are not failures", async () => {
    for (let i = 0; i < 5; i++) expect((await w.api.get(`/Users/${uid()}`)).status).toBe(404);
    expect((await check(w, "failures")).state).toBe("ok");
    for (let i = 0; i < 3; i++) expect((await w.api.post("/Users", { schemas: [USER] })).status).toBe(400);
    const c = await check(w, "failures");
    expect(c.state).toBe("warn");
    expect(c.examples[0]).toMatch(/^3× POST \/scim\/v2\/Users → 400/);
  });

  it("the live-setup route answers the workspace's owners and admins only (a member, another workspace's owner, nobody: 404)", async () => {
    await createUser(w.api);
    const call = () =>
      doctorStatus(new Request(`http://localhost:3000/w/${w.workspace.slug}/doctor-status?known=test`), {
        params: Promise.resolve({ slug: w.workspace.slug }),
      });
    signInAs(w.owner.accountId);
    const ok = await call();
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { steps: { id: string; at: string | null }[]; recent: unknown[] };
    expect(body.steps.find((s) => s.id === "user")!.at).not.toBeNull();
    expect(body.recent).toHaveLength(1);
    const email = `${uid("member")}@example.test`;
    await createManualMember(w.workspace.id, { email, password: "a-Long-member-passphrase-42", role: "member" });
    signInAs((await w.db.account.findFirstOrThrow({ where: { emailLower: email } })).id);
    expect((await call()).status).toBe(404);
    signInAs((await newWorkspace()).owner.accountId);
    expect((await call()).status).toBe(404);
    signInAs(null);
    expect((await call()).status).toBe(404);
  });

  it("silence: no request for more than two Entra cycles", async () => {
    await createUser(w.api, { externalId: uid() });
    expect((await check(w, "silence")).state).toBe("ok");
    const later = new Date(Date.now() + 81 * 60_000);
    const c = await check(w, "silence", later);
    expect(c.state).toBe("warn");
    expect(c.fix?.entra).toMatch(/quarantine/);
  });
});
