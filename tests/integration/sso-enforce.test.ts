// Enforce SSO at password sign-in (next-auth credentials authorize): members are refused, owners keep
// break-glass access, and a member of another workspace that allows passwords can still sign in.
import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { acceptAsAccount, createInviteLink } from "@/lib/services/invitations";
import { createManualMember } from "@/lib/services/members";
import { passwordBlocked, saveSsoOptions } from "@/lib/services/sso/connections";
import { startSamlIdp } from "../support/saml-idp";
import { newWorkspace, uid } from "../support/workspace";
import { connectSaml, ssoWorkspace } from "../support/sso";

type Authorize = (c: Record<string, string>, req: unknown) => Promise<unknown>;

function passwordAuthorize(): Authorize {
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: Authorize };
  };
  return provider.options.authorize;
}

describe("Enforce SSO", () => {
  it("refuses member passwords, keeps owners' break-glass password sign-in", async () => {
    const idp = await startSamlIdp();
    try {
      const s = await ssoWorkspace();
      await connectSaml(s.workspace.id, idp);
      const email = `m.${uid()}@${s.domain}`;
      await createManualMember(s.workspace.id, { email, role: "member", password: "member-password-1" });
      const authorize = passwordAuthorize();
      await expect(authorize({ email, password: "member-password-1" }, {})).resolves.toMatchObject({
        id: expect.any(String),
      });

      await saveSsoOptions(s.workspace.id, { enforce: true, jit: false });
      await expect(authorize({ email, password: "member-password-1" }, {})).rejects.toThrow("SsoRequired");
      await expect(
        authorize({ email: `owner-${s.workspace.slug}@example.test`, password: "owner-password-1" }, {}),
      ).resolves.toBeTruthy();

      // Also a member elsewhere, where passwords are allowed (joined through an invite link, signed in):
      // sign-in works (that workspace only). An invitation not accepted yet would not count.
      const other = await newWorkspace();
      const invited = await createManualMember(other.workspace.id, { email, role: "member" });
      await expect(authorize({ email, password: "member-password-1" }, {})).rejects.toThrow("SsoRequired");
      const account = await s.db.account.findUniqueOrThrow({ where: { emailLower: email.toLowerCase() } });
      const { url } = await createInviteLink(other.workspace.id, invited.id);
      await acceptAsAccount(url.split("/invite/")[1], account.id);
      await expect(authorize({ email, password: "member-password-1" }, {})).resolves.toBeTruthy();
    } finally {
      await idp.close();
    }
  });

  it("blocks every role but owner", () => {
    expect(passwordBlocked(true, "admin")).toBe(true);
    expect(passwordBlocked(true, "member_lite")).toBe(true);
    expect(passwordBlocked(true, "owner")).toBe(false);
    expect(passwordBlocked(false, "member")).toBe(false);
  });
});
