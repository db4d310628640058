import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm } from "@/components/sso/action-form";
import { CopyField } from "@/components/sso/copy-field";
import { NoVerifiedDomainNotice } from "@/components/sso/domain-notice";
import { PageHeader } from "@/components/page-header";
import { Notice } from "@/components/sso/notice";
import { Section } from "@/components/sso/section";
import { requireOwner } from "@/lib/auth/session";
import { hasVerifiedDomain } from "@/lib/services/domains";
import { getSsoConnection, isConfigured } from "@/lib/services/sso/connections";
import type { SsoTestResult } from "@/lib/services/sso/finish";
import { unlinkedMembers } from "@/lib/services/sso/members";
import { isSsoErrorCode, SSO_ERRORS } from "@/lib/sso/errors";
import { oidcRedirectUrl, samlSpUrls } from "@/lib/sso/urls";
import {
  removeSsoAction,
  resetLinksAction,
  saveOidcAction,
  saveOptionsAction,
  saveSamlAction,
  testSsoAction,
} from "./actions";
import { Checkbox, Input, TextArea } from "./inputs";
import { EntraSamlSteps, OidcSteps, OktaSamlSteps, SamlRequirements } from "./setup-steps";
import { TestResult } from "./test-result";
import { UnlinkedMembers } from "./unlinked-members";

export const metadata: Metadata = { title: "Single sign-on" };
export const dynamic = "force-dynamic";

/** How many not-yet-matched members are listed by name (the rest are counted). */
const UNLINKED_SHOWN = 10;

function InUse({ on }: { on: boolean }) {
  return on ? (
    <span className="ml-2 rounded-full bg-indigo-100 px-2 py-0.5 align-middle text-xs font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">
      In use
    </span>
  ) : null;
}

export default async function SsoSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ testError?: string }>;
}) {
  const { slug } = await params;
  const { testError } = await searchParams;
  const { workspace } = await requireOwner(slug);
  const [conn, verified, unlinked] = await Promise.all([
    getSsoConnection(workspace.id),
    hasVerifiedDomain(workspace.id),
    unlinkedMembers(workspace.id, UNLINKED_SHOWN),
  ]);
  const sp = samlSpUrls(workspace.id);
  const redirectUri = oidcRedirectUrl(workspace.id);
  const configured = isConfigured(conn);
  const protocol = conn?.protocol ?? "saml";
  const lastTest = conn?.lastTest ? (JSON.parse(conn.lastTest) as SsoTestResult) : null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Single sign-on"
        description={
          <>
            Members sign in through your identity provider (Microsoft Entra ID, Okta, …) with SAML 2.0 or OpenID
            Connect. Use the same application as for SCIM provisioning: SCIM decides who is a member, SSO lets them in,
            and suspending them in SCIM locks them out.{" "}
            <Link href={`/w/${slug}/settings/domains`} className="underline">
              Verified domains
            </Link>
          </>
        }
      />

      {workspace.plan !== "enterprise" ? (
        <Notice kind="warning" title="Enterprise plan required">
          Single sign-on is available on the Enterprise plan.
        </Notice>
      ) : (
        <>
          {!verified && <NoVerifiedDomainNotice slug={slug} feature="SSO" />}

          <Section title="1. Service provider details" id="sp" description="Enter these at your identity provider.">
            <CopyField id="sp-entity-id" label="SP Entity ID (Identifier / Audience URI)" value={sp.entityId} />
            <CopyField id="sp-acs-url" label="ACS URL (Reply URL / Single sign-on URL)" value={sp.acsUrl} />
            <CopyField id="sp-metadata-url" label="SP metadata URL" value={sp.metadataUrl} />
            <CopyField id="oidc-redirect-uri" label="OpenID Connect redirect URI" value={redirectUri} />
          </Section>

          <Section
            title="2. Identity provider: SAML 2.0"
            id="saml"
            description={
              <>
                Paste or upload the IdP metadata, give its metadata URL, or fill in the three fields.
                <InUse on={configured && protocol === "saml"} />
              </>
            }
          >
            <SamlRequirements />
            <details className="text-sm">
              <summary className="cursor-pointer font-medium">Steps in Microsoft Entra ID</summary>
              <div className="mt-2">
                <EntraSamlSteps />
              </div>
            </details>
            <details className="text-sm">
              <summary className="cursor-pointer font-medium">Steps in Okta</summary>
              <div className="mt-2">
                <OktaSamlSteps />
              </div>
            </details>
            <ActionForm
              action={saveSamlAction.bind(null, slug)}
              submit="Save SAML settings"
              encType="multipart/form-data"
            >
              <Input
                name="metadataUrl"
                label="IdP metadata URL"
                placeholder="https://login.microsoftonline.com/…/federationmetadata.xml?appid=…"
                defaultValue={conn?.samlMetadataUrl ?? ""}
                hint="Fetched once when you save (10-second timeout)."
              />
              <Input
                name="metadataFile"
                label="…or upload the IdP metadata XML"
                type="file"
                accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
              />
              <TextArea name="metadataXml" label="…or paste the IdP metadata XML" />
              <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                <legend className="px-1 text-sm font-medium">…or enter the identity provider&apos;s details</legend>
                <Input name="entityId" label="IdP Entity ID (Issuer)" defaultValue={conn?.samlEntityId ?? ""} />
                <Input name="ssoUrl" label="IdP SSO URL (Login URL)" defaultValue={conn?.samlSsoUrl ?? ""} />
                <TextArea
                  name="cert"
                  label="IdP signing certificate (PEM or Base64)"
                  defaultValue={conn?.samlCert ?? ""}
                  rows={6}
                />
              </fieldset>
            </ActionForm>
          </Section>

          <Section
            title="OpenID Connect (alternative)"
            id="oidc"
            description={
              <>
                Entra app registrations and Okta OIDC apps work too. Saving these switches sign-in to OpenID Connect.
                <InUse on={configured && protocol === "oidc"} />
              </>
            }
          >
            <OidcSteps redirectUri={redirectUri} />
            <ActionForm action={saveOidcAction.bind(null, slug)} submit="Save OpenID Connect settings">
              <Input
                name="issuer"
                label="Issuer URL"
                placeholder="https://login.microsoftonline.com/<tenant-id>/v2.0"
                defaultValue={conn?.oidcIssuer ?? ""}
                hint="Discovered from <issuer>/.well-known/openid-configuration."
              />
              <Input name="clientId" label="Client ID" defaultValue={conn?.oidcClientId ?? ""} />
              <Input
                name="clientSecret"
                label="Client secret"
                type="password"
                autoComplete="off"
                placeholder={conn?.oidcClientSecret ? "•••••••• stored — leave blank to keep" : ""}
                hint="Stored encrypted; never shown again."
              />
            </ActionForm>
          </Section>

          <Section
            title="3. Test SSO"
            id="test"
            description="Runs a real sign-in at the identity provider and shows what it sent and which member it matched. Nobody is signed in and nothing is linked."
          >
            {isSsoErrorCode(testError) && (
              <Notice kind="error" title="Test SSO could not start">
                {SSO_ERRORS[testError]}
              </Notice>
            )}
            <form action={testSsoAction.bind(null, slug)}>
              <button
                type="submit"
                disabled={!configured}
                className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
              >
                Test SSO
              </button>
              {!configured && (
                <span className="ml-3 text-sm text-zinc-500">Save the identity provider settings first.</span>
              )}
            </form>
            {lastTest && <TestResult result={lastTest} at={conn?.lastTestAt ?? null} />}
          </Section>

          <Section title="4. Sign-in policy" id="policy">
            {configured ? (
              <ActionForm action={saveOptionsAction.bind(null, slug)} submit="Save sign-in policy">
                <Checkbox
                  name="jit"
                  label="Create members just in time (JIT)"
                  defaultChecked={conn!.jit}
                  hint="Off by default. When nobody matches the asserted email, create a member (source SSO). Leave it off when SCIM provisions your members, so that SCIM alone decides who gets in; turn it on only if you use SSO without SCIM."
                />
                <Checkbox
                  name="enforce"
                  label="Enforce SSO"
                  defaultChecked={conn!.enforce}
                  hint="Members must sign in with SSO; password sign-in is refused for them, and existing password sessions end. Owners keep password sign-in as break-glass access."
                />
                <UnlinkedMembers summary={unlinked} membersHref={`/w/${slug}/members`} />
              </ActionForm>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Configure the identity provider first.</p>
            )}
          </Section>

          {conn && (
            <Section
              title="Links and removal"
              id="links"
              description="Each member is linked to the NameID/subject of their first SSO sign-in. Changing the identity provider resets the links automatically."
            >
              <div className="flex flex-wrap gap-2">
                <ConfirmAction
                  action={resetLinksAction.bind(null, slug)}
                  fields={{}}
                  trigger="Reset SSO links"
                  title="Reset every member's SSO link?"
                  description="They will be matched by email again on their next SSO sign-in."
                  confirmLabel="Reset links"
                />
                <ConfirmAction
                  action={removeSsoAction.bind(null, slug)}
                  fields={{}}
                  trigger="Remove single sign-on"
                  danger
                  title="Remove single sign-on?"
                  description="The identity provider settings are deleted and every SSO link is reset. Members need passwords to sign in again."
                  confirmLabel="Remove single sign-on"
                />
              </div>
            </Section>
          )}
        </>
      )}
    </div>
  );
}
