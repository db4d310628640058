// Enforce SSO against sessions that are already open (lib/auth/session.ts, checked on every page and
// server action): switching enforcement on ends a member's password session at once, owners keep
// theirs, and an SSO session for one workspace does not satisfy another workspace's enforcement. Only
// the session next-auth reads from the cookie is stubbed; memberships and settings are real rows.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { session } from "../support/session-mock";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));

import { adminForAction, requireMembership } from "@/lib/auth/session";
import { createManualMember } from "@/lib/services/members";
import { saveSsoOptions } from "@/lib/services/sso/connections";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";
import { uid } from "../support/workspace";
import { connectSaml, ssoWorkspace } from "../support/sso";

/** "ok", or where requireMembership sent the browser (next/navigation throws redirects and 404s). */
async function open(slug: string): Promise<string> {
  try {
    await requireMembership(slug);
    return "ok";
  } catch (e) {
    const digest = String((e as { digest?: string }).digest ?? e);
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2];
    if (digest.includes("404") || digest.includes("NOT_FOUND")) return "404";
    throw e;
  }
}

let idp: TestSamlIdp;

describe("Enforce SSO and sessions that are already open", () => {
  beforeEach(async () => {
    idp ??= await startSamlIdp();
    session.user = null;
  });

  afterAll(async () => {
    await idp?.close();
  });

  it("switching Enforce SSO on ends a member's password session; owners keep theirs; off again restores it", async () => {
    const s = await ssoWorkspace();
    await connectSaml(s.workspace.id, idp);
    const member = await createManualMember(s.workspace.id, {
      email: `m.${uid()}@${s.domain}`,
      role: "admin",
      password: "member-password-1",
    });
    const owner = { id: s.owner.accountId!, authMethod: "password" as const };
    const memberPassword = { id: member.accountId!, authMethod: "password" as const };

    session.user = memberPassword;
    expect(await open(s.workspace.slug)).toBe("ok");
    expect(await adminForAction(s.workspace.slug)).not.toBeNull();

    await saveSsoOptions(s.workspace.id, { enforce: true, jit: false });
    // the same session, the very next request
    expect(await open(s.workspace.slug)).toBe("/sso?error=SsoRequired");
    expect(await adminForAction(s.workspace.slug)).toBeNull();
    // an SSO session for this workspace is what it takes
    session.user = { id: member.accountId!, authMethod: "sso", ssoWorkspaceId: s.workspace.id };
    expect(await open(s.workspace.slug)).toBe("ok");
    expect(await adminForAction(s.workspace.slug)).not.toBeNull();
    // owners keep break-glass password access
    session.user = owner;
    expect(await open(s.workspace.slug)).toBe("ok");
    expect(await adminForAction(s.workspace.slug)).not.toBeNull();

    await saveSsoOptions(s.workspace.id, { enforce: false, jit: false });
    session.user = memberPassword;
    expect(await open(s.workspace.slug)).toBe("ok");
  });

  it("an SSO session for workspace A does not satisfy workspace B's Enforce SSO; a workspace without enforcement accepts it", async () => {
    const a = await ssoWorkspace();
    const b = await ssoWorkspace();
    const c = await ssoWorkspace();
    for (const w of [a, b]) {
      await connectSaml(w.workspace.id, idp);
      await saveSsoOptions(w.workspace.id, { enforce: true, jit: false });
    }
    const email = `both.${uid()}@example.test`;
    const inA = await createManualMember(a.workspace.id, { email, role: "member", password: "member-password-1" });
    // B and C invited the same person, who accepted both invitations with that account
    for (const [w, role] of [
      [b, "admin"],
      [c, "member"],
    ] as const) {
      const invited = await createManualMember(w.workspace.id, { email, role });
      await w.db.member.update({ where: { id: invited.id }, data: { accountId: inA.accountId, status: "active" } });
    }
    // one person, one account, three memberships
    expect(await a.db.member.count({ where: { accountId: inA.accountId } })).toBe(3);

    session.user = { id: inA.accountId!, authMethod: "sso", ssoWorkspaceId: a.workspace.id };
    expect(await open(a.workspace.slug)).toBe("ok");
    expect(await open(b.workspace.slug)).toBe("/sso?error=SsoRequired");
    expect(await adminForAction(b.workspace.slug)).toBeNull();
    expect(await open(c.workspace.slug)).toBe("ok"); // C does not enforce: any session will do

    session.user = { id: inA.accountId!, authMethod: "sso", ssoWorkspaceId: b.workspace.id };
    expect(await open(b.workspace.slug)).toBe("ok");
    expect(await adminForAction(b.workspace.slug)).not.toBeNull();
    expect(await open(a.workspace.slug)).toBe("/sso?error=SsoRequired");
  });
});
