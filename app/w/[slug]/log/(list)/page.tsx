// The provisioning log: every SCIM request, newest first, with filters, a detail view per event and a
// CSV export of the filtered view. Loading the page applies the retention setting.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge, HttpStatusBadge } from "@/components/ui/badge";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { PageHeader } from "@/components/page-header";
import { formatNumber } from "@/components/ui/format";
import { EmptyState, Table, TBody, Td, Th, THead, Tr, Truncate } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { TimeText } from "@/components/ui/time-text";
import { requireAdmin } from "@/lib/auth/session";
import { countEvents, existingTouched, listEvents } from "@/lib/services/admin/events";
import { pageSize } from "@/lib/services/admin/keyset";
import { pruneLog } from "@/lib/services/admin/workspace";
import { LogFilters } from "../log-filters";
import { filterParams, readLogFilter, touchedHref } from "../log-filter";

export const metadata: Metadata = { title: "Provisioning log" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function LogPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const { workspace } = await requireAdmin(slug);
  await pruneLog(workspace.id, workspace.logRetentionDays);
  const filter = readLogFilter(sp);
  const size = pageSize(one(sp.size));
  const [total, page] = await Promise.all([
    countEvents(workspace.id, filter),
    listEvents(workspace.id, filter, { after: one(sp.after), before: one(sp.before), size }),
  ]);
  const existing = await existingTouched(workspace.id, page.rows);
  const base = `/w/${workspace.slug}`;
  const qs = new URLSearchParams(
    Object.entries(filterParams(filter)).filter((e): e is [string, string] => !!e[1]),
  ).toString();
  return (
    <>
      <PageHeader
        title="Provisioning log"
        description={
          <>
            Every SCIM request from your identity provider, newest first. No payloads or secrets are stored. Events are
            kept for {workspace.logRetentionDays} days (
            <Link className={linkClass} href={`${base}/settings#retention`}>
              change
            </Link>
            ).
          </>
        }
        actions={
          <a className={buttonClass("secondary")} href={`${base}/log/export${qs ? `?${qs}` : ""}`} download>
            Export CSV
          </a>
        }
      />
      <LogFilters basePath={`${base}/log`} filter={filter} />
      <p className="mb-2 mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        {formatNumber(total)} {total === 1 ? "request" : "requests"}
      </p>
      {page.rows.length === 0 ? (
        <EmptyState>
          No requests{" "}
          {qs ? "match these filters" : "yet. Once your identity provider is connected, each request appears here"}.
        </EmptyState>
      ) : (
        <Table caption="Provisioning requests" compact>
          <THead>
            <Th>Time</Th>
            <Th>Request</Th>
            <Th>User / group</Th>
            <Th>Status</Th>
            <Th>Error</Th>
            <Th className="text-right">Duration</Th>
            <Th>Token</Th>
          </THead>
          <TBody>
            {page.rows.map((e) => {
              const href = touchedHref(base, e, existing);
              const touched = e.userName ?? e.displayName ?? e.resourceId;
              const request = `${e.path}${e.query ? `?${e.query.length > 60 ? `${e.query.slice(0, 60)}…` : e.query}` : ""}`;
              return (
                <Tr key={e.id} className={e.status >= 400 ? "bg-red-50/50 dark:bg-red-950/20" : undefined}>
                  <Td className="whitespace-nowrap">
                    {/* the accessible name starts with the visible time (axe: label-content-name-mismatch) */}
                    <Link className={linkClass} href={`${base}/log/${e.id}`} prefetch={false}>
                      <TimeText date={e.createdAt} exact />
                      <span className="sr-only">
                        : details of {e.method} {e.path}
                      </span>
                    </Link>
                  </Td>
                  <Td className="max-w-xs">
                    <div className="flex min-w-0 items-baseline gap-1.5">
                      <span className="w-14 shrink-0 font-mono text-xs font-semibold">{e.method}</span>
                      <Truncate text={request} className="min-w-0 font-mono text-xs" />
                    </div>
                  </Td>
                  <Td className="max-w-[16rem]">
                    <div className="flex min-w-0 items-center gap-1.5">
                      {touched ? (
                        <span className="min-w-0 truncate" title={touched}>
                          {href ? (
                            <Link className={linkClass} href={href} prefetch={false}>
                              {touched}
                            </Link>
                          ) : (
                            touched
                          )}
                        </span>
                      ) : (
                        <span className="text-zinc-500 dark:text-zinc-400">—</span>
                      )}
                      {e.resourceType && (
                        <span className="shrink-0">
                          <Badge>{e.resourceType}</Badge>
                        </span>
                      )}
                    </div>
                  </Td>
                  <Td>
                    <HttpStatusBadge status={e.status} />
                  </Td>
                  <Td className="max-w-sm text-xs">
                    {e.scimType && <span className="font-mono font-semibold">{e.scimType} </span>}
                    <span className="line-clamp-2 text-zinc-700 dark:text-zinc-300" title={e.detail ?? undefined}>
                      {e.detail}
                    </span>
                  </Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">{formatNumber(e.durationMs)} ms</Td>
                  <Td className="whitespace-nowrap">{e.tokenLabel ?? "—"}</Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
      <Pagination
        basePath={`${base}/log`}
        params={{ ...filterParams(filter), size: one(sp.size) }}
        prev={page.prev}
        next={page.next}
        label="Log pages"
        size={size}
      />
    </>
  );
}
