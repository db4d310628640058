// OIDC sign-in through the real callback route handler against oidc-provider on loopback: discovery,
// code + PKCE + state + nonce, userinfo for the email; refusals for a reused state, an unknown person
// and a suspended member; the client secret is stored encrypted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginSso } from "@/lib/services/sso/flow";
import { redeemLoginTicket } from "@/lib/services/sso/login-tickets";
import { oidcRedirectUrl } from "@/lib/sso/urls";
import { saveOidcSettings } from "@/lib/services/sso/connections";
import { startOidcOp, type TestOidcOp } from "../support/oidc-op";
import { patchOps } from "../support/scim-client";
import { uid } from "../support/workspace";
import { errorCode, getOidcCallback, loginAtOp, scimMember, ssoWorkspace, ticketOf } from "../support/sso";

let op: TestOidcOp;
let s: Awaited<ReturnType<typeof ssoWorkspace>>;

beforeAll(async () => {
  s = await ssoWorkspace();
  op = await startOidcOp([oidcRedirectUrl(s.workspace.id)]);
  await saveOidcSettings(s.workspace.id, { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret });
});
afterAll(() => op.close());

async function signIn(username: string) {
  const conn = await s.db.ssoConnection.findUniqueOrThrow({ where: { workspaceId: s.workspace.id } });
  const { url } = await beginSso(conn, { test: false, binding: "browser-2", loginHint: username });
  const callback = await loginAtOp(url, username, oidcRedirectUrl(s.workspace.id));
  return { callback, location: await getOidcCallback(s.workspace.id, callback) };
}

describe("OIDC sign-in", () => {
  it("stores the client secret encrypted", async () => {
    const conn = await s.db.ssoConnection.findUniqueOrThrow({ where: { workspaceId: s.workspace.id } });
    expect(conn.oidcClientSecret).toMatch(/^v1\./);
    expect(conn.oidcClientSecret).not.toContain(op.clientSecret);
  });

  it("signs in a SCIM member, links the subject; the state cannot be used twice", async () => {
    const email = `olga.${uid()}@${s.domain}`;
    const memberId = await scimMember(s.api, email);
    const sub = `sub-${uid()}`;
    op.users.set(email.toLowerCase(), { sub, email, given_name: "Olga", family_name: "Ode" });
    const { callback, location } = await signIn(email);
    const ticket = ticketOf(location);
    expect(ticket).toBeTruthy();
    const member = await s.db.member.findUniqueOrThrow({ where: { id: memberId } });
    expect(member.ssoSubject).toBe(sub);
    await expect(redeemLoginTicket(ticket!, "browser-2")).resolves.toMatchObject({ accountId: member.accountId });
    expect(errorCode(await getOidcCallback(s.workspace.id, callback))).toBe("request");
  });

  it("refuses a person who is not a member (JIT off) and a suspended member", async () => {
    const stranger = `stranger.${uid()}@${s.domain}`;
    op.users.set(stranger, { sub: `sub-${uid()}`, email: stranger });
    expect(errorCode((await signIn(stranger)).location)).toBe("unknown_member");

    const email = `sam.${uid()}@${s.domain}`;
    const memberId = await scimMember(s.api, email);
    op.users.set(email, { sub: `sub-${uid()}`, email });
    await s.api.patch(`/Users/${memberId}`, patchOps({ op: "replace", path: "active", value: false }));
    expect(errorCode((await signIn(email)).location)).toBe("suspended");
  });
});
