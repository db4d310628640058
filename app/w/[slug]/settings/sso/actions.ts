"use server";
// Single sign-on settings actions. defineAction re-checks that the caller is an owner of this workspace
// (admins may not: requireOwner in lib/auth/session.ts says why) on the Enterprise plan; nothing here
// trusts the page that rendered the form.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ownerForAction } from "@/lib/auth/session";
import { appUrl } from "@/lib/config";
import { DomainError } from "@/lib/services/errors";
import {
  deleteSsoConnection,
  getSsoConnection,
  isConfigured,
  saveOidcSettings,
  saveSamlSettings,
  saveSsoOptions,
} from "@/lib/services/sso/connections";
import { beginSso } from "@/lib/services/sso/flow";
import { resetSsoLinks } from "@/lib/services/sso/members";
import { SsoError } from "@/lib/sso/errors";
import { BINDING_COOKIE } from "@/lib/sso/http";
import { checkOidcSettings } from "@/lib/sso/oidc";
import { REQUEST_TTL_MS } from "@/lib/sso/saml";
import { fetchIdpMetadata, parseIdpMetadata, type IdpSettings } from "@/lib/sso/saml-metadata";
import { XmlError } from "@/lib/sso/xml";
import { defineAction, validArgs } from "../../action-helpers";

const owners = {
  role: "owner",
  refused: "Only workspace owners can change single sign-on.",
  precondition: ({ workspace }: { workspace: { plan: string } }) =>
    workspace.plan === "enterprise" ? null : "Single sign-on needs the Enterprise plan.",
  revalidate: ({ slug }: { slug: string }) => [`/w/${slug}/settings/sso`],
  args: ["slug"],
} as const;

/** Unreadable IdP metadata is a form error, like a DomainError. */
async function readingMetadata<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof XmlError) throw new DomainError("invalid", e.message);
    throw e;
  }
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
};

/** SAML settings from, in this order: uploaded metadata file, pasted metadata XML, metadata URL, or
 * the three fields typed in. */
export const saveSamlAction = defineAction({
  ...owners,
  run: (_input, { workspace, member, form }) =>
    readingMetadata(async () => {
      const file = form.get("metadataFile");
      const uploaded = file instanceof File && file.size > 0 ? (file.size > 1_000_000 ? "" : await file.text()) : "";
      const pasted = uploaded || text(form, "metadataXml");
      const url = text(form, "metadataUrl");
      let idp: IdpSettings | null = null;
      if (pasted) idp = parseIdpMetadata(pasted);
      else if (url) idp = await fetchIdpMetadata(url);
      await saveSamlSettings(
        workspace.id,
        idp
          ? { entityId: idp.entityId, ssoUrl: idp.ssoUrl, cert: idp.certs.join(""), metadataUrl: url || null }
          : { entityId: text(form, "entityId"), ssoUrl: text(form, "ssoUrl"), cert: text(form, "cert") },
        { memberId: member.id },
      );
      return idp
        ? `SAML settings saved from the metadata (${idp.entityId}). Run Test SSO next.`
        : "SAML settings saved. Run Test SSO next.";
    }),
});

export const saveOidcAction = defineAction({
  ...owners,
  run: async (_input, { workspace, member, form }) => {
    // an issuer whose discovery fails is not saved: sign-in could never work with it
    await saveOidcSettings(
      workspace.id,
      { issuer: text(form, "issuer"), clientId: text(form, "clientId"), clientSecret: text(form, "clientSecret") },
      { memberId: member.id },
      checkOidcSettings,
    );
    return "OpenID Connect settings saved (issuer discovery works). Run Test SSO next.";
  },
});

export const saveOptionsAction = defineAction({
  ...owners,
  run: async (_input, { workspace, member, form }) => {
    const enforce = form.get("enforce") === "on";
    await saveSsoOptions(workspace.id, { enforce, jit: form.get("jit") === "on" }, { memberId: member.id });
    return enforce ? "Saved. Members must now sign in with SSO; owners keep password sign-in." : "Saved.";
  },
});

export const resetLinksAction = defineAction({
  ...owners,
  run: async (_input, { workspace, member }) => {
    const n = await resetSsoLinks(workspace.id, { memberId: member.id });
    return `Reset ${n} link${n === 1 ? "" : "s"}. Members are matched by email on their next SSO sign-in.`;
  },
});

export const removeSsoAction = defineAction({
  ...owners,
  run: async (_input, { workspace, member }) => {
    await deleteSsoConnection(workspace.id, { memberId: member.id });
    return "Single sign-on removed. Members sign in with their passwords again.";
  },
});

/** "Test SSO": runs a real sign-in at the IdP; the response is recorded on this page instead of
 * signing anyone in. */
export async function testSsoAction(slug: string): Promise<void> {
  if (!validArgs({ slug })) throw new Error("Invalid request.");
  const ctx = await ownerForAction(slug);
  if (!ctx || ctx.workspace.plan !== "enterprise") redirect(`/w/${slug}/settings/sso`);
  const conn = await getSsoConnection(ctx.workspace.id);
  if (!conn || !isConfigured(conn)) redirect(`/w/${slug}/settings/sso?testError=not_configured#test`);
  let url: string;
  try {
    const started = await beginSso(conn, { test: true });
    url = started.url;
    (await cookies()).set(BINDING_COOKIE, started.binding, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: REQUEST_TTL_MS / 1000,
      secure: appUrl().startsWith("https://"),
    });
  } catch (e) {
    if (e instanceof SsoError) redirect(`/w/${slug}/settings/sso?testError=${e.code}#test`);
    throw e;
  }
  redirect(url);
}
