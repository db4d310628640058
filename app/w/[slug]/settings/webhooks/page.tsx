import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/sso/section";
import { requireAdmin } from "@/lib/auth/session";
import { listEndpoints } from "@/lib/services/webhooks";
import { WEBHOOK_EVENT_TYPES } from "@/lib/services/webhook-outbox";
import { createEndpointAction } from "./actions";
import { CreateEndpointForm } from "./create-endpoint-form";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace, member } = await requireAdmin(slug);
  if (member.role !== "owner") notFound();
  const endpoints = await listEndpoints(workspace.id, { memberId: member.id, role: member.role });
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description={
          <>
            Signed HTTP notifications to your systems whenever members or groups change, through SCIM or in this app.
            Requests are signed per{" "}
            <a className="underline" href="https://www.standardwebhooks.com/">
              Standard Webhooks
            </a>
            , retried with backoff for 24 hours, and delivered in order per member and per group.
          </>
        }
      />

      <Section title="Add an endpoint" id="add-endpoint">
        <CreateEndpointForm action={createEndpointAction.bind(null, slug)} />
      </Section>

      <Section title="Endpoints" id="endpoints">
        {endpoints.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No endpoints yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {endpoints.map((e) => (
              <li key={e.id} className="py-3">
                <Link href={`/w/${slug}/settings/webhooks/${e.id}`} className="break-all font-medium underline">
                  {e.url}
                </Link>
                {e.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{e.description}</p>}
                <p className="text-xs text-zinc-500">
                  Added {e.createdAt.toISOString().slice(0, 10)}
                  {e.enabled ? "" : " · disabled"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Events" id="events">
        <p className="text-sm">
          Every endpoint receives:{" "}
          {WEBHOOK_EVENT_TYPES.map((t, i) => (
            <span key={t}>
              {i ? ", " : ""}
              <code>{t}</code>
            </span>
          ))}
          .
        </p>
      </Section>
    </div>
  );
}
