// Workspace settings → Connect SCIM (Enterprise, owners/admins), and provisioning-log retention.
import { Input } from "@/components/ui/input";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Card, PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { scimBaseUrl } from "@/lib/config";
import { provisioningHealth } from "@/lib/services/admin/health";
import { listTokens } from "@/lib/services/tokens";
import { hasVerifiedDomain } from "@/lib/services/domains";
import { NoVerifiedDomainNotice } from "@/components/sso/domain-notice";
import { HealthCard } from "../health-card";
import { RetentionForm } from "../retention-form";
import { SetupGuide } from "../setup-guide";
import { TokenGenerator } from "../token-generator";
import { TokenTable, type TokenSort } from "../token-table";
import { BaseUrlWarning } from "../base-url-warning";
import { OffboardingCard } from "../offboarding/offboarding-card";
import { ConnectionDoctor } from "../doctor/connection-doctor";

export const metadata: Metadata = { title: "Workspace settings" };
export const dynamic = "force-dynamic";

const PLAN_LABELS: Record<string, string> = { free: "Free", pro: "Pro", enterprise: "Enterprise" };

export default async function SettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ sort?: string; dir?: string }>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const sort: TokenSort = {
    key: sp.sort === "created" || sp.sort === "lastUsed" ? sp.sort : "label",
    dir: sp.dir === "desc" ? "desc" : "asc",
  };
  const { workspace, member } = await requireAdmin(slug);
  const enterprise = workspace.plan === "enterprise";
  const baseUrl = scimBaseUrl();
  return (
    <>
      <PageHeader
        title="Workspace settings"
        description={
          <>
            {workspace.name} · <span className="font-mono">{workspace.slug}</span>
          </>
        }
        actions={
          <Badge tone={enterprise ? "indigo" : "gray"}>{PLAN_LABELS[workspace.plan] ?? workspace.plan} plan</Badge>
        }
      />
      <div className="space-y-6">
        <Card
          id="scim"
          title="Connect SCIM"
          description="SCIM lets your identity provider (Microsoft Entra ID, Okta) create, update, suspend and remove members and groups of this workspace automatically."
        >
          {enterprise ? (
            <ScimSection
              slug={workspace.slug}
              workspaceId={workspace.id}
              baseUrl={baseUrl}
              sort={sort}
              isOwner={member.role === "owner"}
            />
          ) : (
            <PlanGate plan={workspace.plan} />
          )}
        </Card>
        {enterprise && (
          <OffboardingCard slug={workspace.slug} workspaceId={workspace.id} isOwner={member.role === "owner"} />
        )}
        <Card
          id="retention"
          title="Provisioning log retention"
          description="Every SCIM request is logged without payloads or secrets. Events older than this are deleted."
        >
          <RetentionForm slug={workspace.slug} days={workspace.logRetentionDays} />
        </Card>
      </div>
    </>
  );
}

function PlanGate({ plan }: { plan: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-zinc-50 p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <p className="font-semibold">SCIM provisioning is available on the Enterprise plan</p>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        This workspace is on the {PLAN_LABELS[plan] ?? plan} plan. With SCIM, people who join or leave your organization
        get access here, or lose it, as soon as your identity provider syncs, so nobody keeps access after leaving and
        nobody waits for an invitation.
      </p>
      <p className="mt-2 text-zinc-700 dark:text-zinc-300">
        Upgrade the workspace to Enterprise to get a SCIM Base URL and generate tokens. Until then, invite and remove
        members by hand under Members.
      </p>
    </div>
  );
}

async function ScimSection({
  slug,
  workspaceId,
  baseUrl,
  sort,
  isOwner,
}: {
  slug: string;
  workspaceId: string;
  baseUrl: string;
  sort: TokenSort;
  isOwner: boolean;
}) {
  const now = new Date();
  const [tokens, health, verified] = await Promise.all([
    listTokens(workspaceId),
    provisioningHealth(workspaceId, now),
    hasVerifiedDomain(workspaceId),
  ]);
  return (
    <div className="space-y-8">
      {!verified && <NoVerifiedDomainNotice slug={slug} feature="SCIM" canVerify={isOwner} />}
      <div>
        <label htmlFor="scim-base-url" className="block text-sm font-medium">
          Base URL
        </label>
        <div className="mt-1 flex max-w-2xl gap-2">
          <Input
            id="scim-base-url"
            readOnly
            value={baseUrl}
            className="font-mono"
            aria-describedby="scim-base-url-hint"
          />
          <CopyButton value={baseUrl} label="Copy" />
        </div>
        <p id="scim-base-url-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          Paste it as the Tenant URL (Entra ID) or SCIM connector base URL (Okta). The token decides which workspace a
          request belongs to.
        </p>
        <BaseUrlWarning baseUrl={baseUrl} />
      </div>
      <section aria-labelledby="tokens-title" className="space-y-4">
        <div>
          <h3 id="tokens-title" className="text-sm font-semibold">
            SCIM tokens
          </h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Each token is shown once. Several can be active at once, so you can rotate: generate a new token, paste it
            in the identity provider, then revoke the old one.
          </p>
        </div>
        <TokenGenerator slug={slug} baseUrl={baseUrl} />
        <TokenTable slug={slug} tokens={tokens} now={now} sort={sort} />
      </section>
      <ConnectionDoctor slug={slug} workspaceId={workspaceId} hasTokens={tokens.length > 0} />
      <section aria-labelledby="health-title" className="space-y-3">
        <h3 id="health-title" className="text-sm font-semibold">
          Provisioning health
        </h3>
        <HealthCard slug={slug} health={health} now={now} />
      </section>
      <section aria-labelledby="guide-title" className="space-y-3">
        <h3 id="guide-title" className="text-sm font-semibold">
          Set up your identity provider
        </h3>
        <SetupGuide slug={slug} baseUrl={baseUrl} />
      </section>
    </div>
  );
}
