// SAML sign-in through the real ACS route handler against a signing test IdP: success and linking,
// and each rejection (unsigned, wrongly signed, audience, recipient, expired, replay, unknown member,
// suspended), plus the one-time, browser-bound login ticket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redeemLoginTicket } from "@/lib/services/sso/login-tickets";
import { saveSsoOptions } from "@/lib/services/sso/connections";
import { startSamlIdp, type TestSamlIdp, type SamlFault } from "../support/saml-idp";
import { patchOps } from "../support/scim-client";
import { uid } from "../support/workspace";
import { connectSaml, errorCode, postAcs, scimMember, ssoWorkspace, startSaml, ticketOf } from "../support/sso";

let idp: TestSamlIdp;
beforeAll(async () => {
  idp = await startSamlIdp();
});
afterAll(() => idp.close());

async function setup() {
  const ws = await ssoWorkspace();
  await connectSaml(ws.workspace.id, idp);
  const email = `pat.${uid()}@${ws.domain}`;
  const memberId = await scimMember(ws.api, email);
  return { ...ws, email, memberId, user: { nameId: `nid-${uid()}`, email } };
}

async function signIn(
  s: Awaited<ReturnType<typeof setup>>,
  opts: { fault?: SamlFault; signResponse?: boolean; user?: { nameId: string; email: string } } = {},
) {
  const req = await startSaml(s.workspace.id);
  const response = idp.issue({ ...req, user: opts.user ?? s.user, fault: opts.fault, signResponse: opts.signResponse });
  return { location: await postAcs(s.workspace.id, response), response };
}

describe("SAML sign-in", () => {
  it("signs in a SCIM member matched by userName, links the NameID, and the ticket works once in the same browser", async () => {
    const s = await setup();
    const { location } = await signIn(s);
    expect(location).toMatch(new RegExp(`^/sso/complete\\?to=%2Fw%2F${s.workspace.slug}#ticket=`));
    const member = await s.db.member.findUniqueOrThrow({ where: { id: s.memberId } });
    expect(member.ssoSubject).toBe(s.user.nameId);
    expect(member.accountId).toBeTruthy();
    const ticket = ticketOf(location)!;
    await expect(redeemLoginTicket(ticket, "another-browser")).rejects.toMatchObject({ code: "ticket" });
    await expect(redeemLoginTicket(ticket, "browser-1")).resolves.toMatchObject({
      accountId: member.accountId,
      workspaceId: s.workspace.id,
    });
    await expect(redeemLoginTicket(ticket, "browser-1")).rejects.toMatchObject({ code: "ticket" });
  });

  it("accepts a signed Response with an unsigned assertion (Okta-style)", async () => {
    const s = await setup();
    expect(ticketOf((await signIn(s, { signResponse: true })).location)).toBeTruthy();
  });

  it("keeps the link by NameID after the email changes over SCIM", async () => {
    const s = await setup();
    await signIn(s);
    const renamed = `renamed.${uid()}@${s.domain}`;
    const r = await s.api.patch(`/Users/${s.memberId}`, patchOps({ op: "replace", path: "userName", value: renamed }));
    expect(r.status).toBe(200);
    const { location } = await signIn(s, {
      user: { nameId: s.user.nameId, email: `old-address.${uid()}@${s.domain}` },
    });
    expect(ticketOf(location)).toBeTruthy();
  });

  it.each([
    ["unsigned", "signature"],
    ["wrong-key", "signature"],
    ["wrong-audience", "audience"],
    ["wrong-recipient", "recipient"],
    ["expired", "expired"],
  ] as const)("refuses a %s assertion (%s)", async (fault, code) => {
    const s = await setup();
    const { location } = await signIn(s, { fault });
    expect(errorCode(location)).toBe(code);
    expect((await s.db.member.findUniqueOrThrow({ where: { id: s.memberId } })).ssoSubject).toBeNull();
  });

  it("refuses an assertion from another issuer, even one signed with the configured certificate", async () => {
    const s = await setup();
    const conn = await s.db.ssoConnection.findUniqueOrThrow({ where: { workspaceId: s.workspace.id } });
    await s.db.ssoConnection.update({
      where: { id: conn.id },
      data: { samlEntityId: "https://another-idp.example/entity" },
    });
    expect(errorCode((await signIn(s)).location)).toBe("issuer");
  });

  it("refuses a replayed response", async () => {
    const s = await setup();
    const { location, response } = await signIn(s);
    expect(ticketOf(location)).toBeTruthy();
    expect(errorCode(await postAcs(s.workspace.id, response))).toBe("replayed");
  });

  it("refuses a response to a request it never made (IdP-initiated or forged InResponseTo)", async () => {
    const s = await setup();
    const req = await startSaml(s.workspace.id);
    const forged = idp.issue({ ...req, requestId: "_never-issued", user: s.user });
    expect(errorCode(await postAcs(s.workspace.id, forged))).toBe("request");
  });

  it("refuses XML with a DOCTYPE (no entity expansion)", async () => {
    const s = await setup();
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>`;
    expect(errorCode(await postAcs(s.workspace.id, Buffer.from(xml).toString("base64")))).toBe("malformed");
  });

  it("refuses an unknown person with JIT off, and creates a member with JIT on", async () => {
    const s = await setup();
    const stranger = { nameId: `nid-${uid()}`, email: `new.${uid()}@${s.domain}`, firstName: "Nia", lastName: "New" };
    expect(errorCode((await signIn(s, { user: stranger })).location)).toBe("unknown_member");
    await saveSsoOptions(s.workspace.id, { enforce: false, jit: true });
    expect(ticketOf((await signIn(s, { user: stranger })).location)).toBeTruthy();
    const created = await s.db.member.findFirstOrThrow({
      where: { workspaceId: s.workspace.id, ssoSubject: stranger.nameId },
    });
    expect(created).toMatchObject({
      source: "sso",
      userName: stranger.email,
      givenName: "Nia",
      familyName: "New",
      status: "active",
    });
  });

  it("refuses a member suspended over SCIM, and lets them in again after reactivation", async () => {
    const s = await setup();
    await s.api.patch(`/Users/${s.memberId}`, patchOps({ op: "replace", path: "active", value: false }));
    expect(errorCode((await signIn(s)).location)).toBe("suspended");
    await s.api.patch(`/Users/${s.memberId}`, patchOps({ op: "replace", path: "active", value: true }));
    expect(ticketOf((await signIn(s)).location)).toBeTruthy();
  });

  it("refuses a removed member (SCIM DELETE) with JIT off", async () => {
    const s = await setup();
    await signIn(s);
    expect((await s.api.delete(`/Users/${s.memberId}`)).status).toBe(204);
    expect(errorCode((await signIn(s)).location)).toBe("unknown_member");
  });

  it("Test SSO records what the IdP sent and the matched member, without signing in or linking", async () => {
    const s = await setup();
    const req = await startSaml(s.workspace.id, { test: true });
    const location = await postAcs(s.workspace.id, idp.issue({ ...req, user: s.user }));
    expect(location).toBe(`/w/${s.workspace.slug}/settings/sso?tested=1#test`);
    const conn = await s.db.ssoConnection.findUniqueOrThrow({ where: { workspaceId: s.workspace.id } });
    const result = JSON.parse(conn.lastTest!);
    expect(result).toMatchObject({
      ok: true,
      subject: s.user.nameId,
      email: s.email,
      match: { by: "userName", memberId: s.memberId, linked: false },
    });
    expect(result.attributes.email).toBe(s.email);
    expect((await s.db.member.findUniqueOrThrow({ where: { id: s.memberId } })).ssoSubject).toBeNull();
    const bad = await startSaml(s.workspace.id, { test: true });
    await postAcs(s.workspace.id, idp.issue({ ...bad, user: s.user, fault: "wrong-audience" }));
    const failed = JSON.parse(
      (await s.db.ssoConnection.findUniqueOrThrow({ where: { workspaceId: s.workspace.id } })).lastTest!,
    );
    expect(failed).toMatchObject({ ok: false, errorCode: "audience" });
  });
});
