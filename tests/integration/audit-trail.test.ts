// The audit trail (issue 14): each admin action, done through the REAL server action of app/w/[slug]/**
// (or the admin CLI), writes exactly one AuditEvent with the right actor and target; a refused action writes
// none; the CSV export answers owners and admins only (a member and another workspace's admin get a 404) and
// defuses spreadsheet formulas. Only the request context Next provides is stubbed (whose session it is;
// no cache outside a Next server), as in reliability-actions.test.ts.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { signInAs } from "../support/session-mock";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));
vi.mock("next/cache", async () => (await import("../support/session-mock")).nextCacheStub());

import * as memberActions from "@/app/w/[slug]/members/actions";
import * as settingsActions from "@/app/w/[slug]/settings/actions";
import * as ssoActions from "@/app/w/[slug]/settings/sso/actions";
import * as domainActions from "@/app/w/[slug]/settings/domains/actions";
import { acceptInviteAction } from "@/app/invite/[token]/actions";
import { GET as exportAudit } from "@/app/w/[slug]/audit/export/route";
import { recordAudit } from "@/lib/services/audit";
import { txtValue } from "@/lib/services/domains";
import { createManualMember } from "@/lib/services/members";
import { startDnsServer, type TestDnsServer } from "../support/dns-server";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";
import { memberTimelineItems } from "@/lib/services/admin/member-timeline";
import { countAudit, listAudit } from "@/lib/services/admin/audit-log";
import { patchOps, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { resetConfig } from "@/lib/config";

type Ws = Awaited<ReturnType<typeof newWorkspace>>;
const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};

let dns: TestDnsServer;
let idp: TestSamlIdp;
let a: Ws;
let ownerLabel: string;
beforeAll(async () => {
  dns = await startDnsServer();
  process.env.DNS_SERVERS = dns.address;
  resetConfig();
  idp = await startSamlIdp();
  a = await newWorkspace();
  ownerLabel = (await a.db.account.findUniqueOrThrow({ where: { id: a.owner.accountId! } })).email;
});
afterAll(async () => {
  dns.close();
  await idp.close();
});
beforeEach(() => {
  signInAs(a.owner.accountId);
});

/** Runs `act` and returns the audit entries it wrote in `ws`. */
async function entriesOf(ws: Ws, act: () => Promise<unknown>) {
  const before = new Date(Date.now() - 1);
  const known = new Set(
    (await ws.db.auditEvent.findMany({ where: { workspaceId: ws.workspace.id }, select: { id: true } })).map(
      (e) => e.id,
    ),
  );
  const result = await act();
  const rows = await ws.db.auditEvent.findMany({
    where: { workspaceId: ws.workspace.id, createdAt: { gte: before } },
    orderBy: { createdAt: "asc" },
  });
  return { result, rows: rows.filter((r) => !known.has(r.id)) };
}

async function expectOne(
  act: () => Promise<unknown>,
  want: {
    action: string;
    targetId?: string | null;
    targetLabel?: string;
    actorLabel?: string;
    detail?: Record<string, unknown>;
  },
) {
  const { result, rows } = await entriesOf(a, act);
  expect(rows, `${want.action}: ${JSON.stringify(result)}`).toHaveLength(1);
  const [e] = rows;
  expect(e.action).toBe(want.action);
  expect(e.actorMemberId).toBe(want.actorLabel === "operator (CLI)" ? null : a.owner.id);
  expect(e.actorLabel).toBe(want.actorLabel ?? ownerLabel);
  if (want.targetId !== undefined) expect(e.targetId).toBe(want.targetId);
  if (want.targetLabel !== undefined) expect(e.targetLabel).toBe(want.targetLabel);
  if (want.detail) expect(JSON.parse(e.detail)).toMatchObject(want.detail);
  return e;
}

describe("audit trail", { timeout: 120_000 }, () => {
  it("members: role change, suspend, reactivate, remove — one entry each, actor the owner, target the member", async () => {
    const m = await createManualMember(a.workspace.id, {
      email: `${uid("m")}@example.test`,
      role: "member",
      password: "correct horse battery staple 9",
      name: "Mia Member",
    });
    const fields = { slug: a.workspace.slug, memberId: m.id };
    await expectOne(() => memberActions.changeRoleAction({}, form({ ...fields, role: "admin" })), {
      action: "member.role_changed",
      targetId: m.id,
      targetLabel: "Mia Member",
      detail: { from: "member", to: "admin" },
    });
    // changing to the same role changes nothing and records nothing
    expect(
      (await entriesOf(a, () => memberActions.changeRoleAction({}, form({ ...fields, role: "admin" })))).rows,
    ).toHaveLength(0);
    await expectOne(() => memberActions.setSuspendedAction({}, form({ ...fields, suspend: "true" })), {
      action: "member.suspended",
      targetId: m.id,
    });
    await expectOne(() => memberActions.setSuspendedAction({}, form({ ...fields, suspend: "false" })), {
      action: "member.reactivated",
      targetId: m.id,
    });
    await expectOne(() => memberActions.removeMemberAction({}, form(fields)), {
      action: "member.removed",
      targetId: m.id,
      targetLabel: "Mia Member",
    });
  });

  it("invites: sent, new link, accepted (actor: the person), revoked", async () => {
    const email = `${uid("inv")}@example.test`;
    const sent = await expectOne(
      () => memberActions.inviteMembersAction({}, form({ slug: a.workspace.slug, emails: email, role: "member" })),
      { action: "invitation.sent", targetLabel: email, detail: { email } },
    );
    const memberId = sent.targetId!;
    const again = await entriesOf(a, () =>
      memberActions.createInviteLinkAction({}, form({ slug: a.workspace.slug, memberId })),
    );
    expect(again.rows.map((r) => [r.action, r.targetId, JSON.parse(r.detail).replacedLink])).toEqual([
      ["invitation.sent", memberId, true],
    ]);
    const url = (again.result as { inviteLinks: { url: string }[] }).inviteLinks[0].url;
    signInAs(null);
    // (success answers with a redirect to sign-in, thrown the way Next's redirect() works)
    const accepted = await entriesOf(a, () =>
      acceptInviteAction(
        {},
        form({
          token: url.split("/").pop()!,
          name: "Ivy Invitee",
          password: "quartz lantern meadow 42!",
          confirm: "quartz lantern meadow 42!",
        }),
      ).catch((e: { digest?: string }) => expect(String(e.digest)).toContain("/signin?joined=")),
    );
    expect(accepted.rows).toHaveLength(1);
    expect(accepted.rows[0]).toMatchObject({
      action: "invitation.accepted",
      actorMemberId: memberId,
      actorLabel: email,
      targetId: memberId,
    });

    signInAs(a.owner.accountId);
    const pending = await createManualMember(a.workspace.id, { email: `${uid("pend")}@example.test`, role: "member" });
    await expectOne(
      () => memberActions.removeMemberAction({}, form({ slug: a.workspace.slug, memberId: pending.id })),
      { action: "invitation.revoked", targetId: pending.id },
    );
  });

  it("SCIM tokens: created, revoked (with when and by whom), removed from the list; the log keeps the label", async () => {
    const created = await entriesOf(a, () =>
      settingsActions.createTokenAction(form({ slug: a.workspace.slug, label: "Okta", expiresInDays: "" })),
    );
    expect(created.rows).toHaveLength(1);
    expect(created.rows[0]).toMatchObject({ action: "token.created", targetLabel: "Okta", actorMemberId: a.owner.id });
    const tokenId = created.rows[0].targetId!;
    await a.db.provisioningEvent.create({
      data: {
        workspaceId: a.workspace.id,
        tokenId,
        tokenLabel: "Okta",
        method: "GET",
        path: "/scim/v2/Users",
        status: 200,
        durationMs: 1,
      },
    });
    // an active token cannot be removed
    const early = await entriesOf(a, () =>
      settingsActions.removeTokenAction({}, form({ slug: a.workspace.slug, tokenId })),
    );
    expect(early.result).toMatchObject({ errors: { form: expect.stringMatching(/Revoke the token/) } });
    expect(early.rows).toHaveLength(0);
    await expectOne(() => settingsActions.revokeTokenAction({}, form({ slug: a.workspace.slug, tokenId })), {
      action: "token.revoked",
      targetId: tokenId,
      targetLabel: "Okta",
    });
    const row = await a.db.scimToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(row.revokedByName).toBe(ownerLabel);
    expect(
      (await entriesOf(a, () => settingsActions.revokeTokenAction({}, form({ slug: a.workspace.slug, tokenId })))).rows,
    ).toHaveLength(0);
    await expectOne(() => settingsActions.removeTokenAction({}, form({ slug: a.workspace.slug, tokenId })), {
      action: "token.removed",
      targetId: tokenId,
    });
    const { listTokens } = await import("@/lib/services/tokens");
    expect((await listTokens(a.workspace.id)).map((t) => t.id)).not.toContain(tokenId);
    expect(
      (await a.db.provisioningEvent.findFirstOrThrow({ where: { workspaceId: a.workspace.id, tokenId } })).tokenLabel,
    ).toBe("Okta");
  });

  it("retention, domains (add, verify, remove), SSO (save, enforce, options, remove), link review", async () => {
    const slug = a.workspace.slug;
    await expectOne(() => settingsActions.saveRetentionAction({}, form({ slug, retentionDays: "90" })), {
      action: "workspace.retention_changed",
      targetId: a.workspace.id,
      detail: { from: 30, to: 90 },
    });
    const name = `${uid("d")}.example.com`;
    const added = await expectOne(() => domainActions.addDomainAction(slug, {}, form({ domain: name })), {
      action: "domain.added",
      targetLabel: name,
    });
    const d = await a.db.domain.findUniqueOrThrow({ where: { id: added.targetId! } });
    // a failed verification records nothing
    expect((await entriesOf(a, () => domainActions.verifyDomainAction(slug, d.id, {}))).rows).toHaveLength(0);
    dns.txt.set(name, [txtValue(d)]);
    await expectOne(() => domainActions.verifyDomainAction(slug, d.id, {}), {
      action: "domain.verified",
      targetId: d.id,
      targetLabel: name,
    });

    await expectOne(() => ssoActions.saveSamlAction(slug, {}, form({ metadataXml: idp.metadataXml })), {
      action: "sso.saved",
      targetLabel: idp.entityId,
      detail: { protocol: "saml" },
    });
    await expectOne(() => ssoActions.saveOptionsAction(slug, {}, form({ enforce: "on" })), {
      action: "sso.enforcement_changed",
      detail: { enforce: { from: false, to: true } },
    });
    await expectOne(() => ssoActions.saveOptionsAction(slug, {}, form({ enforce: "on", jit: "on" })), {
      action: "sso.options_changed",
      detail: { jit: { from: false, to: true } },
    });
    await expectOne(() => ssoActions.resetLinksAction(slug, {}), { action: "sso.links_reset", detail: { links: 0 } });
    await expectOne(() => ssoActions.removeSsoAction(slug, {}), { action: "sso.removed", targetLabel: idp.entityId });
    await expectOne(() => domainActions.removeDomainAction(slug, d.id, {}), {
      action: "domain.removed",
      targetId: d.id,
      targetLabel: name,
    });

    const linked = await createManualMember(a.workspace.id, {
      email: `${uid("l")}@example.test`,
      role: "member",
      password: "violet compass harbor 17",
    });
    await a.db.member.update({ where: { id: linked.id }, data: { linkReview: "attached_existing" } });
    await expectOne(() => memberActions.confirmLinkAction({}, form({ slug, memberId: linked.id })), {
      action: "link.confirmed",
      targetId: linked.id,
    });
    await a.db.member.update({ where: { id: linked.id }, data: { linkReview: "attached_existing" } });
    await expectOne(() => memberActions.detachLinkAction({}, form({ slug, memberId: linked.id })), {
      action: "link.detached",
      targetId: linked.id,
    });
  });

  it("a refused action (a member, another workspace's admin) records nothing", async () => {
    const b = await newWorkspace();
    const m = await createManualMember(a.workspace.id, {
      email: `${uid("plain")}@example.test`,
      role: "member",
      password: "silver otter garden 88",
    });
    for (const accountId of [m.accountId!, b.owner.accountId!]) {
      signInAs(accountId);
      const { rows } = await entriesOf(a, async () => {
        await memberActions.changeRoleAction(
          {},
          form({ slug: a.workspace.slug, memberId: a.owner.id, role: "member" }),
        );
        await settingsActions.saveRetentionAction({}, form({ slug: a.workspace.slug, retentionDays: "5" }));
        await settingsActions.revokeTokenAction({}, form({ slug: b.workspace.slug, tokenId: a.tokenRow.id }));
      });
      expect(rows).toHaveLength(0);
    }
  });

  it("the admin CLI is recorded as the operator", async () => {
    const run = promisify(execFile);
    const out = await run(
      "npm",
      [
        "run",
        "-s",
        "admin",
        "--",
        "token",
        "create",
        "--workspace",
        a.workspace.slug,
        "--label",
        "CLI token",
        "--json",
      ],
      { env: process.env },
    );
    const id = JSON.parse(out.stdout).id as string;
    await expectOne(
      () =>
        run(
          "npm",
          ["run", "-s", "admin", "--", "token", "revoke", "--workspace", a.workspace.slug, "--id", id, "--json"],
          { env: process.env },
        ),
      { action: "token.revoked", targetId: id, actorLabel: "operator (CLI)" },
    );
    const created = await a.db.auditEvent.findFirstOrThrow({
      where: { workspaceId: a.workspace.id, action: "token.created", targetId: id },
    });
    expect(created).toMatchObject({ actorMemberId: null, actorLabel: "operator (CLI)" });
    expect((await a.db.scimToken.findUniqueOrThrow({ where: { id } })).revokedByName).toBe("operator (CLI)");
  });

  it("member timeline: SCIM changes in words, merged with the admin actions about the member", async () => {
    const created = await a.api.post("/Users", {
      schemas: [USER],
      userName: `${uid("tl")}@example.test`,
      name: { givenName: "Tia", familyName: "Lane" },
      title: "Engineer",
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // (a few ms between steps: the timeline orders by time, and two entries of one millisecond by id)
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const patch = async (...ops: unknown[]) => (await tick(), a.api.patch(`/Users/${id}`, patchOps(...ops)));
    expect(
      (
        await patch(
          { op: "replace", path: "name.familyName", value: "Long" },
          { op: "replace", path: "title", value: "Lead" },
        )
      ).status,
    ).toBe(200);
    expect((await patch({ op: "replace", path: "title", value: "Lead" })).status).toBe(200); // no change
    expect((await patch({ op: "replace", path: "active", value: false })).status).toBe(200);
    await tick();
    await memberActions.setSuspendedAction({}, form({ slug: a.workspace.slug, memberId: id, suspend: "false" }));
    expect((await patch({ op: "replace", value: { active: false } })).status).toBe(200);
    expect((await patch({ op: "replace", path: "active", value: "True" })).status).toBe(200);
    const titles = (await memberTimelineItems(a.workspace.id, id)).map((i) => i.title).reverse();
    expect(titles).toEqual([
      "Created by Entra ID",
      "Changed name.familyName, title",
      "Updated by Entra ID",
      "Deactivated by Entra ID",
      `Member reactivated by ${ownerLabel}`,
      "Deactivated by Entra ID",
      "Reactivated by Entra ID",
    ]);
  });

  it("keyset pages walk the log newest first, forwards and back, under a filter", async () => {
    const w = await newWorkspace();
    for (let i = 0; i < 5; i++)
      await recordAudit(w.db, w.workspace.id, { memberId: w.owner.id }, "domain.added", {
        type: "domain",
        id: `d${i}`,
        label: `d${i}.example.com`,
      });
    await recordAudit(w.db, w.workspace.id, { operator: true }, "token.revoked", {
      type: "token",
      id: "t",
      label: "T",
    });
    const f = { action: "domain" };
    expect(await countAudit(w.workspace.id, f)).toBe(5);
    const p1 = await listAudit(w.workspace.id, f, { size: 2 });
    const p2 = await listAudit(w.workspace.id, f, { size: 2, after: p1.next });
    const p3 = await listAudit(w.workspace.id, f, { size: 2, after: p2.next });
    const labels = [...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.targetLabel);
    // (entries written within one millisecond are ordered by id: compare with one unpaged read)
    const all = (await listAudit(w.workspace.id, f, { size: 10 })).rows;
    expect(labels).toEqual(all.map((r) => r.targetLabel));
    expect(new Set(labels).size).toBe(5);
    expect(all.map((r) => r.createdAt.getTime())).toEqual(all.map((r) => r.createdAt.getTime()).sort((x, y) => y - x));
    expect(p3.next).toBeNull();
    expect((await listAudit(w.workspace.id, f, { size: 2, before: p2.prev })).rows.map((r) => r.targetLabel)).toEqual(
      p1.rows.map((r) => r.targetLabel),
    );
    expect((await listAudit(w.workspace.id, { actor: "operator" }, { size: 10 })).rows.map((r) => r.action)).toEqual([
      "token.revoked",
    ]);
    expect(
      (await listAudit(w.workspace.id, { target: "D3.EXAMPLE" }, { size: 10 })).rows.map((r) => r.targetId),
    ).toEqual(["d3"]);
  });

  it("CSV export: owners and admins only (a member and another workspace's admin get 404), formulas defused", async () => {
    await recordAudit(a.db, a.workspace.id, { memberId: a.owner.id }, "domain.added", {
      type: "domain",
      id: "x",
      label: '=HYPERLINK("http://evil.example","click")',
    });
    const call = (slug: string) =>
      exportAudit(new Request(`http://localhost/w/${slug}/audit/export?action=domain`), {
        params: Promise.resolve({ slug }),
      });
    const res = await call(a.workspace.slug);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text.split("\r\n")[0].replace(/^\uFEFF/, "")).toBe(
      "time,actor,action,target_type,target,target_id,detail,event_id",
    );

    const b = await newWorkspace();
    const m = await createManualMember(a.workspace.id, {
      email: `${uid("ro")}@example.test`,
      role: "member",
      password: "amber falcon river 63",
    });
    for (const accountId of [m.accountId!, b.owner.accountId!, null]) {
      signInAs(accountId);
      expect((await call(a.workspace.slug)).status).toBe(404);
    }
    const admin = await createManualMember(a.workspace.id, {
      email: `${uid("adm")}@example.test`,
      role: "admin",
      password: "cobalt meadow piano 71",
    });
    signInAs(admin.accountId);
    expect((await call(a.workspace.slug)).status).toBe(200);
  });
});
