import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/sso/section";
import { requireAdmin } from "@/lib/auth/session";
import { DomainError } from "@/lib/services/errors";
import { listDeliveries } from "@/lib/services/webhooks";
import { deleteEndpointAction, retryDeliveryAction, rotateSecretAction, sendTestEventAction } from "../actions";
import { EndpointButton, RetryButton } from "./endpoint-buttons";

export const metadata: Metadata = { title: "Webhook endpoint" };
export const dynamic = "force-dynamic";

const STATE = {
  delivered: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200",
  pending: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
} as Record<string, string>;

export default async function EndpointPage({ params }: { params: Promise<{ slug: string; endpointId: string }> }) {
  const { slug, endpointId } = await params;
  const { workspace, member } = await requireAdmin(slug);
  if (member.role !== "owner") notFound();
  let log;
  try {
    log = await listDeliveries(workspace.id, { memberId: member.id, role: member.role }, endpointId);
  } catch (e) {
    if (e instanceof DomainError) notFound();
    throw e;
  }
  const { endpoint, deliveries } = log;
  return (
    <div className="space-y-6">
      <PageHeader title="Webhook endpoint" description={<span className="break-all">{endpoint.url}</span>} />
      <p>
        <Link href={`/w/${slug}/settings/webhooks`} className="text-sm underline">
          All endpoints
        </Link>
      </p>

      <Section title="Actions" id="actions">
        <div className="flex flex-wrap items-start gap-3">
          <EndpointButton
            action={sendTestEventAction.bind(null, slug, endpoint.id)}
            label="Send test event"
            pendingLabel="Queuing…"
          />
          <EndpointButton
            action={rotateSecretAction.bind(null, slug, endpoint.id)}
            label="Rotate secret"
            pendingLabel="Rotating…"
          />
          <ConfirmAction
            action={deleteEndpointAction}
            fields={{ slug, endpointId: endpoint.id }}
            trigger="Remove endpoint"
            title="Remove this endpoint?"
            description="It stops receiving events at once, and its delivery log is deleted."
            confirmLabel="Remove"
            danger
          />
        </div>
        {endpoint.previousSecretUntil && endpoint.previousSecretUntil > new Date() && (
          <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
            The previous secret also signs until{" "}
            {endpoint.previousSecretUntil.toISOString().replace("T", " ").slice(0, 16)} UTC.
          </p>
        )}
      </Section>

      <Section title="Delivery log" id="deliveries">
        {deliveries.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No deliveries yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {deliveries.map((d) => (
              <li key={d.seq} className="space-y-1 py-3 text-sm" aria-label={`${d.type} ${d.eventId}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE[d.state] ?? ""}`}>
                    {d.state}
                  </span>
                  <code>{d.type}</code>
                  <span className="break-all text-xs text-zinc-500">{d.eventId}</span>
                </div>
                <p className="text-zinc-600 dark:text-zinc-400">
                  {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                  {d.lastStatus !== null && <> · HTTP {d.lastStatus}</>}
                  {d.lastLatencyMs !== null && <> · {d.lastLatencyMs} ms</>}
                  {d.state === "pending" && d.attempts > 0 && (
                    <> · next attempt {d.nextAttemptAt.toISOString().replace("T", " ").slice(0, 19)} UTC</>
                  )}
                </p>
                {d.lastError && <p className="break-all text-red-700 dark:text-red-300">{d.lastError}</p>}
                {d.lastResponse && (
                  <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
                    {d.lastResponse}
                  </pre>
                )}
                {d.state !== "delivered" && (
                  <RetryButton action={retryDeliveryAction.bind(null, slug, endpoint.id)} seq={d.seq} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
