// The mass-deprovisioning guardrail (lib/services/guardrail.ts): the SCIM suspensions and removals it
// holds, for an owner to approve or discard, and its settings. Owners only.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { Card, PageHeader } from "@/components/page-header";
import { TimeText } from "@/components/ui/time-text";
import { requireOwner } from "@/lib/auth/session";
import { deprovisionBudget } from "@/lib/services/guardrail";
import { activeMemberCount, guardSettings, heldChanges } from "@/lib/services/guardrail-review";
import { ReviewButtons } from "./review-buttons";
import { GuardSettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Held deprovisioning" };
export const dynamic = "force-dynamic";

export default async function GuardrailPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace } = await requireOwner(slug);
  const [held, settings, active] = await Promise.all([
    heldChanges(workspace.id),
    guardSettings(workspace.id),
    activeMemberCount(workspace.id),
  ]);
  const base = `/w/${workspace.slug}`;
  const now = new Date();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Held deprovisioning"
        description={`When your identity provider suspends or removes more than ${settings.thresholdPercent} % of active members (at least ${settings.minPeople} people) within ${settings.windowMinutes} minutes, the rest is held here instead of applied. Your identity provider was told each request succeeded, so it does not retry.`}
      />
      <Card
        id="held"
        title={held.length ? `${held.length} held ${held.length === 1 ? "change" : "changes"}` : "Nothing is held"}
        description={
          held.length
            ? "Check that these people really should lose access. Approve applies them in the order they arrived; Discard drops them. After discarding, Entra still believes they were applied: restart provisioning in Entra (Enterprise application → Provisioning → Restart provisioning) to re-sync."
            : "Suspensions and removals from your identity provider are applied as they arrive."
        }
        actions={held.length ? <ReviewButtons slug={workspace.slug} count={held.length} /> : undefined}
      >
        {held.length > 0 && (
          <ol
            aria-label="Held changes"
            className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          >
            {held.map((h) => (
              <li key={h.id} className="flex flex-col gap-1 px-4 py-3 text-sm sm:flex-row sm:items-baseline sm:gap-4">
                <span className="shrink-0 text-xs text-zinc-500 sm:w-28 dark:text-zinc-400">
                  <TimeText date={h.createdAt} now={now} />
                </span>
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="break-words">
                    <Badge tone={h.kind === "remove" ? "red" : "amber"}>
                      {h.kind === "remove" ? "Remove" : "Suspend"}
                    </Badge>{" "}
                    <Link className={linkClass} href={`${base}/members/${h.memberId}`}>
                      {h.displayName || h.userName}
                    </Link>
                    {h.displayName && <span className="text-zinc-600 dark:text-zinc-400"> ({h.userName})</span>}
                  </p>
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">
                    by token <span className="font-medium">{h.tokenLabel ?? "unknown"}</span>
                  </p>
                  <details className="text-xs">
                    <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Request</summary>
                    <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-zinc-50 p-2 dark:bg-zinc-900">{`${h.method} ${h.path}${h.body ? `\n${h.body}` : ""}`}</pre>
                  </details>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card
        id="settings"
        title="Settings"
        description={`With ${active.toLocaleString("en")} active ${active === 1 ? "member" : "members"}, a window applies up to ${deprovisionBudget(settings, active, 0).toLocaleString("en")} suspensions or removals; more are held here. Changes you approve do not count.`}
      >
        <GuardSettingsForm slug={workspace.slug} settings={settings} />
      </Card>
    </div>
  );
}
