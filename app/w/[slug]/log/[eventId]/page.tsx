// One provisioning-log event in full.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HttpStatusBadge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { Card } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { existingTouched, getEvent } from "@/lib/services/admin/events";
import { formatUtc } from "@/lib/services/admin/time";
import { touchedHref } from "../log-filter";

export const metadata: Metadata = { title: "Provisioning event" };
export const dynamic = "force-dynamic";

export default async function EventPage({ params }: { params: Promise<{ slug: string; eventId: string }> }) {
  const { slug, eventId } = await params;
  const { workspace } = await requireAdmin(slug);
  const e = await getEvent(workspace.id, eventId);
  if (!e) notFound();
  const base = `/w/${workspace.slug}`;
  const href = touchedHref(base, e, await existingTouched(workspace.id, [e]));
  const rows: [string, React.ReactNode][] = [
    ["Time", formatUtc(e.createdAt)],
    [
      "Method",
      <span key="m" className="font-mono">
        {e.method}
      </span>,
    ],
    [
      "Endpoint",
      <span key="p" className="break-all font-mono">
        {e.path}
      </span>,
    ],
    [
      "Query",
      e.query ? (
        <span key="q" className="break-all font-mono">
          {e.query}
        </span>
      ) : null,
    ],
    ["Status", <HttpStatusBadge key="s" status={e.status} />],
    ["Outcome", e.status < 400 ? "Success" : "Failure"],
    ["SCIM error type (scimType)", e.scimType],
    ["Detail", e.detail],
    ["Resource type", e.resourceType],
    [
      "Resource id",
      e.resourceId ? (
        href ? (
          <Link key="r" className={`${linkClass} break-all font-mono`} href={href} prefetch={false}>
            {e.resourceId}
          </Link>
        ) : (
          <span key="r" className="break-all font-mono">
            {e.resourceId}
          </span>
        )
      ) : null,
    ],
    ["External id (from the identity provider)", e.externalId],
    ["User name", e.userName],
    ["Group name", e.displayName],
    ["Duration", `${e.durationMs} ms`],
    ["Token", e.tokenLabel],
    [
      "Event id",
      <span key="i" className="break-all font-mono text-xs">
        {e.id}
      </span>,
    ],
    [
      "Request id (X-Request-Id)",
      e.requestId ? (
        <span key="x" className="break-all font-mono text-xs">
          {e.requestId}
        </span>
      ) : null,
    ],
  ];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link className={linkClass} href={`${base}/log`}>
          ← Provisioning log
        </Link>
      </nav>
      <h1 className="mb-6 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
        <span className="font-mono">{e.method}</span> <span className="break-all text-lg font-normal">{e.path}</span>{" "}
        <HttpStatusBadge status={e.status} />
      </h1>
      <Card title="Request">
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[14rem_1fr]">
          {rows
            .filter(([, v]) => v !== null && v !== undefined && v !== "")
            .map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
                <dd className="break-words">{v}</dd>
              </div>
            ))}
        </dl>
      </Card>
    </>
  );
}
