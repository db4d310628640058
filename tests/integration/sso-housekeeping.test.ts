// SSO housekeeping with explicit times (rows moved in the database, an IdP clock set by the test, never a
// sleep): the one-time login ticket lives 60 s; a SAML response must answer a request made in the last
// 10 minutes; the IdP's clock may be off by up to 2 minutes (NotBefore / NotOnOrAfter); "Reset SSO links"
// and a change of identity provider unlink NameIDs so members are matched by email again, while
// re-saving the same IdP keeps them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSamlSettings } from "@/lib/services/sso/connections";
import { resetSsoLinks } from "@/lib/services/sso/members";
import { CLOCK_SKEW_MS, REQUEST_TTL_MS } from "@/lib/sso/saml";
import { TICKET_TTL_MS, redeemLoginTicket } from "@/lib/services/sso/login-tickets";
import { parseIdpMetadata } from "@/lib/sso/saml-metadata";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";
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
type S = Awaited<ReturnType<typeof setup>>;

async function signIn(s: S, validity?: { notBefore: number; notOnOrAfter: number }, user = s.user) {
  const req = await startSaml(s.workspace.id);
  return postAcs(s.workspace.id, idp.issue({ ...req, user, validity }));
}

describe("SSO housekeeping", () => {
  it("the login ticket expires 60 s after it was issued", async () => {
    expect(TICKET_TTL_MS).toBe(60_000);
    const s = await setup();
    const before = Date.now();
    const location = await signIn(s);
    const after = Date.now();
    const ticket = ticketOf(location)!;
    expect(ticket).toBeTruthy();
    const row = await s.db.ssoLoginTicket.findFirstOrThrow({ where: { workspaceId: s.workspace.id } });
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(after + 60_000);
    // the moment has passed: refused, even in the right browser
    await s.db.ssoLoginTicket.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(redeemLoginTicket(ticket, "browser-1")).rejects.toMatchObject({ code: "ticket" });
    // a ticket whose minute has not passed works
    const fresh = ticketOf(await signIn(s))!;
    await expect(redeemLoginTicket(fresh, "browser-1")).resolves.toMatchObject({ workspaceId: s.workspace.id });
  });

  it("a response must answer a request made in the last 10 minutes", async () => {
    expect(REQUEST_TTL_MS).toBe(10 * 60_000);
    const s = await setup();
    const before = Date.now();
    const req = await startSaml(s.workspace.id);
    const after = Date.now();
    const nonces = await s.db.ssoNonce.findMany({
      where: { workspaceId: s.workspace.id, key: { contains: req.requestId } },
    });
    expect(nonces.length).toBeGreaterThan(0);
    for (const n of nonces) {
      expect(n.expiresAt.getTime()).toBeGreaterThanOrEqual(before + REQUEST_TTL_MS);
      expect(n.expiresAt.getTime()).toBeLessThanOrEqual(after + REQUEST_TTL_MS);
    }
    // ten minutes later (the request's rows say so): the IdP's answer is refused, and nobody is linked
    await s.db.ssoNonce.updateMany({
      where: { key: { in: nonces.map((n) => n.key) } },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(errorCode(await postAcs(s.workspace.id, idp.issue({ ...req, user: s.user })))).toBe("request");
    expect((await s.db.member.findUniqueOrThrow({ where: { id: s.memberId } })).ssoSubject).toBeNull();
  });

  it("tolerates an IdP clock up to 2 minutes off, not more", async () => {
    expect(CLOCK_SKEW_MS).toBe(2 * 60_000);
    const s = await setup();
    const now = Date.now();
    const MIN = 60_000;
    // an IdP clock 90 s fast: NotBefore is still in our future, within the skew
    expect(ticketOf(await signIn(s, { notBefore: now + 1.5 * MIN, notOnOrAfter: now + 6 * MIN }))).toBeTruthy();
    // 5 minutes fast: not yet valid
    expect(errorCode(await signIn(s, { notBefore: now + 5 * MIN, notOnOrAfter: now + 10 * MIN }))).toBe("expired");
    // an assertion that ended 90 s ago by our clock: within the skew
    expect(ticketOf(await signIn(s, { notBefore: now - 5 * MIN, notOnOrAfter: now - 1.5 * MIN }))).toBeTruthy();
    // ended 5 minutes ago: expired
    expect(errorCode(await signIn(s, { notBefore: now - 10 * MIN, notOnOrAfter: now - 5 * MIN }))).toBe("expired");
  });

  it("Reset SSO links and a new identity provider unlink NameIDs (matched by email again); re-saving the same IdP keeps them", async () => {
    const s = await setup();
    expect(ticketOf(await signIn(s))).toBeTruthy();
    const linked = async () => (await s.db.member.findUniqueOrThrow({ where: { id: s.memberId } })).ssoSubject;
    expect(await linked()).toBe(s.user.nameId);

    // the same IdP saved again (e.g. a certificate rollover): links stay
    const m = parseIdpMetadata(idp.metadataXml);
    await saveSamlSettings(s.workspace.id, { entityId: m.entityId, ssoUrl: m.ssoUrl, cert: m.certs.join("") });
    expect(await linked()).toBe(s.user.nameId);

    // reset by hand: unlinked; the next sign-in matches by email and links the (new) NameID
    expect(await resetSsoLinks(s.workspace.id)).toBe(1);
    expect(await linked()).toBeNull();
    const renamedNameId = `nid-${uid()}`;
    expect(ticketOf(await signIn(s, undefined, { nameId: renamedNameId, email: s.email }))).toBeTruthy();
    expect(await linked()).toBe(renamedNameId);

    // another identity provider (another entity ID): links reset
    await saveSamlSettings(s.workspace.id, {
      entityId: "https://new-idp.example/entity",
      ssoUrl: m.ssoUrl,
      cert: m.certs.join(""),
    });
    expect(await linked()).toBeNull();
  });
});
