// What a session may open, and what a SCIM token may do, under the identity rules (README "Accounts and
// workspaces"). The real page guards (lib/auth/session.ts), server actions and SCIM handler run against the
// real database; only the request context Next would provide is stubbed (whose session it is).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "../support/session-mock";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));
vi.mock("next/cache", async () => (await import("../support/session-mock")).nextCacheStub());

import { createTokenAction } from "@/app/w/[slug]/settings/actions";
import { authOptions } from "@/lib/auth/options";
import { requireMembership } from "@/lib/auth/session";
import { redeemLoginTicket } from "@/lib/services/sso/login-tickets";
import { acceptWithNewAccount, createInviteLink } from "@/lib/services/invitations";
import { manualMemberData } from "@/lib/services/member-data";
import { createManualMember, inviteManualMember } from "@/lib/services/members";
import { verifyPassword } from "@/lib/services/passwords";
import { saveSsoOptions } from "@/lib/services/sso/connections";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";
import { client, patchOps, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { connectSaml, postAcs, ssoWorkspace, startSaml, ticketOf } from "../support/sso";

let idp: TestSamlIdp;
beforeAll(async () => {
  idp = await startSamlIdp();
});
afterAll(() => idp?.close());

/** What a page guard does for the current session: "ok", or where it sends the browser. */
async function opens(slug: string): Promise<string> {
  try {
    await requireMembership(slug);
    return "ok";
  } catch (e) {
    const digest = String((e as { digest?: string }).digest ?? e);
    if (digest.includes("404")) return "not found";
    const to = /NEXT_REDIRECT;[^;]*;([^;]+);/.exec(digest)?.[1];
    return to ? `redirect ${to}` : digest;
  }
}

function passwordAuthorize() {
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: (c: Record<string, string>, r: unknown) => Promise<unknown> };
  };
  return provider.options.authorize;
}

async function samlSignIn(ws: Awaited<ReturnType<typeof ssoWorkspace>>, email: string, nameId = `nid-${uid()}`) {
  const req = await startSaml(ws.workspace.id, { binding: "browser" });
  const location = await postAcs(ws.workspace.id, idp.issue({ ...req, user: { nameId, email } }));
  const ticket = ticketOf(location);
  if (!ticket) return { refused: location };
  return { accountId: (await redeemLoginTicket(ticket, "browser")).accountId };
}

describe("sessions", () => {
  it("an invited membership opens nothing until it is accepted", async () => {
    const w = await newWorkspace();
    const u = await newWorkspace();
    // a membership still "invited" but linked (how the old invite flow left them, before the migration)
    await w.db.member.create({
      data: {
        ...manualMemberData(u.owner.userName),
        workspaceId: w.workspace.id,
        accountId: u.owner.accountId,
        status: "invited",
      },
    });
    session.user = { id: u.owner.accountId!, authMethod: "password", epoch: 0 };
    expect(await opens(u.workspace.slug)).toBe("ok");
    expect(await opens(w.workspace.slug)).toBe("not found");
  });

  it("a session from the IdP of W opens W and the account's other workspaces, but not one that enforces its own SSO", async () => {
    const w = await ssoWorkspace();
    await connectSaml(w.workspace.id, idp);
    const email = `pat.${uid()}@${w.domain}`;
    const res = await w.api.post("/Users", { schemas: [USER], userName: email, active: true });
    expect(res.status).toBe(201);
    const signedIn = await samlSignIn(w, email);
    expect(signedIn.accountId).toBeTruthy();
    const accountId = signedIn.accountId!;

    const z = await newWorkspace(); // a workspace the person joined
    await z.db.member.create({ data: { ...manualMemberData(email), workspaceId: z.workspace.id, accountId } });
    const v = await ssoWorkspace(); // one that enforces its own SSO
    await connectSaml(v.workspace.id, idp);
    await saveSsoOptions(v.workspace.id, { enforce: true, jit: false });
    await v.db.member.create({ data: { ...manualMemberData(email), workspaceId: v.workspace.id, accountId } });
    const pending = await newWorkspace(); // an invitation not accepted
    await inviteManualMember(pending.workspace.id, { email, role: "member" });

    session.user = { id: accountId, authMethod: "sso", ssoWorkspaceId: w.workspace.id, epoch: 0 };
    expect(await opens(w.workspace.slug)).toBe("ok");
    expect(await opens(z.workspace.slug)).toBe("ok");
    expect(await opens(v.workspace.slug)).toBe("redirect /sso?error=SsoRequired");
    expect(await opens(pending.workspace.slug)).toBe("not found");
  });

  it("a password someone set through another workspace's invite link before the domain's owner signed the account in is removed, and its sessions end", async () => {
    // X (which does not own the domain) invites the address; whoever X's admin gave the link to picks a password.
    const x = await newWorkspace();
    const w = await ssoWorkspace();
    await connectSaml(w.workspace.id, idp);
    // w's domain, not verified yet when the account is pre-registered
    const domainRow = await w.db.domain.findFirstOrThrow({ where: { workspaceId: w.workspace.id } });
    await w.db.domain.update({ where: { id: domainRow.id }, data: { verifiedAt: null, verifiedDomain: null } });
    const email = `ceo.${uid()}@${w.domain}`;
    const invited = await inviteManualMember(x.workspace.id, { email, role: "member" });
    const { url } = await createInviteLink(x.workspace.id, invited.id);
    await acceptWithNewAccount(url.split("/invite/")[1], { password: "pre-registered-1" });
    const account = await w.db.account.findUniqueOrThrow({ where: { emailLower: email } });
    expect(account.emailVerifiedAt).toBeNull();
    session.user = { id: account.id, authMethod: "password", epoch: account.sessionEpoch };
    expect(await opens(x.workspace.slug)).toBe("ok");

    // W verifies its domain: its SCIM does not link the pre-registered account...
    await w.db.domain.update({
      where: { id: domainRow.id },
      data: { verifiedAt: new Date(), verifiedDomain: w.domain },
    });
    const created = await w.api.post("/Users", { schemas: [USER], userName: email, active: true });
    expect((await w.db.member.findUniqueOrThrow({ where: { id: created.body.id } })).accountId).toBeNull();
    // ...and its IdP signing the person in takes the account back.
    const signedIn = await samlSignIn(w, email);
    expect(signedIn.accountId).toBe(account.id);
    const after = await w.db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.passwordHash).toBeNull();
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(after.sessionEpoch).toBe(account.sessionEpoch + 1);
    expect(await opens(x.workspace.slug)).toBe("redirect /signin");
    await expect(passwordAuthorize()({ email, password: "pre-registered-1" }, {})).resolves.toBeNull();
    expect(await verifyPassword(after.passwordHash, "pre-registered-1")).toBe(false);
  });

  it("the Entra flow still works: the owner is found by userName eq, a member on the verified domain signs in with SSO at once", async () => {
    const w = await ssoWorkspace();
    await connectSaml(w.workspace.id, idp);
    // an owner whose address is on the verified domain (the usual setup)
    const ownerEmail = `olivia.${uid()}@${w.domain}`;
    const owner = await createManualMember(w.workspace.id, {
      email: ownerEmail,
      role: "owner",
      password: "owner-password-2",
    });
    const found = await w.api.get(`/Users?filter=${encodeURIComponent(`userName eq "${ownerEmail.toUpperCase()}"`)}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(owner.id);
    const member = `mo.${uid()}@${w.domain}`;
    expect((await w.api.post("/Users", { schemas: [USER], userName: member, active: true })).status).toBe(201);
    expect((await samlSignIn(w, member)).accountId).toBeTruthy();
    expect((await samlSignIn(w, ownerEmail)).accountId).toBe(owner.accountId);
    // the owner's password (the break-glass) survives SSO: the operator established that account
    expect(
      await verifyPassword(
        (await w.db.account.findUniqueOrThrow({ where: { id: owner.accountId! } })).passwordHash,
        "owner-password-2",
      ),
    ).toBe(true);
  });
});

describe("SCIM tokens never act above their creator's role", () => {
  async function adminToken() {
    const ws = await newWorkspace();
    const admin = await createManualMember(ws.workspace.id, {
      email: `ada.${uid()}@example.test`,
      role: "admin",
      password: "admin-password-1",
    });
    session.user = { id: admin.accountId!, authMethod: "password", epoch: 0 };
    const form = new FormData();
    form.set("slug", ws.workspace.slug);
    form.set("label", "Entra ID");
    form.set("expiresInDays", "");
    const created = await createTokenAction(form);
    expect(created.ok).toBe(true);
    return { ...ws, admin, adminApi: client(created.created!.secret) };
  }

  it("an admin's token cannot demote, suspend or delete an owner; the owner stays", async () => {
    const { db, workspace, owner, adminApi } = await adminToken();
    const demote = await adminApi.patch(
      `/Users/${owner.id}`,
      patchOps({ op: "replace", path: "userType", value: "User" }),
    );
    expect(demote.status).toBe(200);
    expect((await db.member.findUniqueOrThrow({ where: { id: owner.id } })).role).toBe("owner");
    const event = await db.provisioningEvent.findFirstOrThrow({
      where: { workspaceId: workspace.id, resourceId: owner.id, method: "PATCH" },
    });
    expect(event.detail).toMatch(/owners are managed in the app/);

    // even with another owner present (so the last-owner guard would allow it)
    await createManualMember(workspace.id, {
      email: `otto.${uid()}@example.test`,
      role: "owner",
      password: "owner-password-3",
    });
    const suspend = await adminApi.patch(
      `/Users/${owner.id}`,
      patchOps({ op: "replace", path: "active", value: false }),
    );
    expect(suspend.status).toBe(403);
    expect(suspend.body.detail).toMatch(/not generated by an owner/);
    expect(
      (await adminApi.put(`/Users/${owner.id}`, { schemas: [USER], userName: owner.userName, active: false })).status,
    ).toBe(403);
    expect((await adminApi.delete(`/Users/${owner.id}`)).status).toBe(403);
    expect(await db.member.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({
      role: "owner",
      status: "active",
    });
    // what an admin may do in the app, the token may do: suspend a member
    const member = await adminApi.post("/Users", {
      schemas: [USER],
      userName: `m.${uid()}@example.test`,
      active: true,
    });
    expect(
      (await adminApi.patch(`/Users/${member.body.id}`, patchOps({ op: "replace", path: "active", value: false })))
        .status,
    ).toBe(200);
  });

  it("an owner's token may suspend another owner, and loses that power when its creator stops being an owner", async () => {
    const { db, workspace, owner, api } = await newWorkspace(); // token generated by `owner`
    const second = await createManualMember(workspace.id, {
      email: `sol.${uid()}@example.test`,
      role: "owner",
      password: "owner-password-4",
    });
    expect(
      (await api.patch(`/Users/${second.id}`, patchOps({ op: "replace", path: "active", value: false }))).status,
    ).toBe(200);
    expect(
      (await api.patch(`/Users/${second.id}`, patchOps({ op: "replace", path: "active", value: true }))).status,
    ).toBe(200);
    await db.member.update({ where: { id: owner.id }, data: { role: "admin" } });
    expect(
      (await api.patch(`/Users/${second.id}`, patchOps({ op: "replace", path: "active", value: false }))).status,
    ).toBe(403);
  });
});

describe("links to review after the upgrade", () => {
  it("an owner confirms one (it stays) and detaches another (unlinked, SSO link cleared, invited again)", async () => {
    const { db, workspace } = await newWorkspace();
    const other = await newWorkspace();
    const { listLinkReviews, confirmLink, detachLink } = await import("@/lib/services/identity/link-review");
    // as the migration leaves them: attached to accounts that existed before (other workspaces' owners)
    const kept = await db.member.create({
      data: {
        ...manualMemberData(other.owner.userName),
        workspaceId: workspace.id,
        accountId: other.owner.accountId,
        linkReview: "attached_existing",
      },
    });
    const third = await newWorkspace();
    const dropped = await db.member.create({
      data: {
        ...manualMemberData(third.owner.userName),
        workspaceId: workspace.id,
        accountId: third.owner.accountId,
        ssoSubject: `s-${uid()}`,
        linkReview: "attached_existing",
      },
    });
    const listed = await listLinkReviews(workspace.id);
    expect(listed.map((r) => r.id).sort()).toEqual([kept.id, dropped.id].sort());
    expect(listed[0].reason).toMatch(/already existed/);
    await expect(confirmLink(other.workspace.id, kept.id)).rejects.toThrow(/No such link/);

    await confirmLink(workspace.id, kept.id);
    await detachLink(workspace.id, dropped.id);
    expect(await db.member.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({
      accountId: other.owner.accountId,
      linkReview: null,
      status: "active",
    });
    expect(await db.member.findUniqueOrThrow({ where: { id: dropped.id } })).toMatchObject({
      accountId: null,
      ssoSubject: null,
      linkReview: null,
      status: "invited",
    });
    expect(await listLinkReviews(workspace.id)).toEqual([]);
    // the detached person can be invited again
    await expect(createInviteLink(workspace.id, dropped.id)).resolves.toMatchObject({
      url: expect.stringContaining("/invite/"),
    });
  });
});
