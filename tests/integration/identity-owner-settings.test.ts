// Single sign-on and verified domains are owner-only. Whoever sets a workspace's IdP can sign in as any
// account on its verified domains, the workspace's owners included (identity rule 5: admins can never
// escalate to an owner), so an admin's attempt through every action is refused and changes nothing, and
// the pages send admins away. Real actions and guards on the real database; only the session is stubbed.
import { describe, expect, it, vi } from "vitest";
import { session } from "../support/session-mock";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));
vi.mock("next/cache", async () => (await import("../support/session-mock")).nextCacheStub());

import {
  addDomainAction,
  removeDomainAction,
  renewDomainAction,
  verifyDomainAction,
} from "@/app/w/[slug]/settings/domains/actions";
import {
  removeSsoAction,
  resetLinksAction,
  saveOidcAction,
  saveOptionsAction,
  saveSamlAction,
  testSsoAction,
} from "@/app/w/[slug]/settings/sso/actions";
import { requireOwner } from "@/lib/auth/session";
import { addDomain } from "@/lib/services/domains";
import { createManualMember } from "@/lib/services/members";
import { newWorkspace, uid } from "../support/workspace";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

async function workspaceWithAdmin() {
  const w = await newWorkspace();
  const email = `admin-${uid()}@example.test`;
  await createManualMember(w.workspace.id, { email, password: "a-Long-admin-passphrase-42", role: "admin" });
  const admin = await w.db.account.findFirstOrThrow({ where: { emailLower: email } });
  const domain = await addDomain(w.workspace.id, `${uid("d")}.example.test`);
  return { ...w, adminAccountId: admin.id, domain };
}

/** Where a page guard sends the current session: "ok" or the redirect target. */
async function guard(slug: string) {
  try {
    await requireOwner(slug);
    return "ok";
  } catch (e) {
    return /NEXT_REDIRECT;[^;]*;([^;]+);/.exec(String((e as { digest?: string }).digest ?? e))?.[1] ?? String(e);
  }
}

describe("single sign-on and domains are owner-only", () => {
  it("an admin's every SSO and domain action is refused and changes nothing; the owner's is accepted", async () => {
    const w = await workspaceWithAdmin();
    const slug = w.workspace.slug;
    const saml = form({
      entityId: "https://idp.attacker.test/entity",
      ssoUrl: "https://idp.attacker.test/sso",
      certificate: "MIIB",
    });
    const oidc = form({ issuer: "https://idp.attacker.test", clientId: "x", clientSecret: "y" });
    session.user = { id: w.adminAccountId, authMethod: "password", epoch: 0 };
    const refused = [
      await saveSamlAction(slug, {}, saml),
      await saveOidcAction(slug, {}, oidc),
      await saveOptionsAction(slug, {}, form({ enforce: "on" })),
      await resetLinksAction(slug, {}),
      await removeSsoAction(slug, {}),
      await addDomainAction(slug, {}, form({ domain: `${uid("x")}.example.test` })),
      await verifyDomainAction(slug, w.domain.id, {}),
      await renewDomainAction(slug, w.domain.id, {}),
      await removeDomainAction(slug, w.domain.id, {}),
    ];
    for (const r of refused) expect(r.errors?.form, JSON.stringify(r)).toMatch(/Only workspace owners/);
    await expect(testSsoAction(slug)).rejects.toThrow(/NEXT_REDIRECT/); // sent back, nothing started
    expect(await w.db.ssoConnection.findUnique({ where: { workspaceId: w.workspace.id } })).toBeNull();
    expect((await w.db.domain.findMany({ where: { workspaceId: w.workspace.id } })).map((d) => d.id)).toEqual([
      w.domain.id,
    ]);
    expect(await guard(slug)).toBe(`/w/${slug}/profile?denied=1`);

    session.user = { id: w.owner.accountId!, authMethod: "password", epoch: 0 };
    expect(await guard(slug)).toBe("ok");
    const added = await addDomainAction(slug, {}, form({ domain: `${uid("y")}.example.test` }));
    expect(added.message, JSON.stringify(added)).toMatch(/Added/);
    const removed = await removeDomainAction(slug, w.domain.id, {});
    expect(removed.ok, JSON.stringify(removed)).toBeTruthy();
  });
});
