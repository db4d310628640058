import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm, FieldError } from "@/components/sso/action-form";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/sso/section";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listEndpoints } from "@/lib/services/webhooks";
import { WEBHOOK_EVENT_TYPES } from "@/lib/services/webhook-outbox";
import { createEndpointAction } from "./actions";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

const input = "mt-1 w-full max-w-xl rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900";

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace, member } = await requireAdmin(slug);
  if (member.role !== "owner") notFound();
  const endpoints = await listEndpoints(await getDb(), workspace.id, { memberId: member.id, role: member.role });
  return (
    <div className="space-y-6">
      <PageHeader title="Webhooks" description={<>
        Signed HTTP notifications to your systems whenever members or groups change, through SCIM or in this app.
        Requests are signed per <a className="underline" href="https://www.standardwebhooks.com/">Standard Webhooks</a>, retried
        with backoff for 24 hours, and delivered in order per member and per group.
      </>} />

      <Section title="Add an endpoint" id="add-endpoint">
        <ActionForm action={createEndpointAction.bind(null, slug)} submit="Add endpoint" pendingLabel="Adding…" className="space-y-3">
          <div>
            <label htmlFor="f-url" className="block text-sm font-medium">Endpoint URL</label>
            <input id="f-url" name="url" type="url" placeholder="https://example.com/webhooks" required aria-describedby="f-url-hint f-url-error" className={input} />
            <p id="f-url-hint" className="mt-1 text-xs text-zinc-500">https:// and a public address.</p>
            <FieldError name="url" />
          </div>
          <div>
            <label htmlFor="f-description" className="block text-sm font-medium">Description (optional)</label>
            <input id="f-description" name="description" maxLength={200} className={input} />
          </div>
        </ActionForm>
      </Section>

      <Section title="Endpoints" id="endpoints">
        {endpoints.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No endpoints yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {endpoints.map((e) => (
              <li key={e.id} className="py-3">
                <Link href={`/w/${slug}/settings/webhooks/${e.id}`} className="break-all font-medium underline">{e.url}</Link>
                {e.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{e.description}</p>}
                <p className="text-xs text-zinc-500">Added {e.createdAt.toISOString().slice(0, 10)}{e.enabled ? "" : " · disabled"}</p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Events" id="events">
        <p className="text-sm">Every endpoint receives: {WEBHOOK_EVENT_TYPES.map((t, i) => <span key={t}>{i ? ", " : ""}<code>{t}</code></span>)}.</p>
      </Section>
    </div>
  );
}
