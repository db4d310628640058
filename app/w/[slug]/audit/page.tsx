// The audit log: every admin action in the workspace (who did what to what, when), newest first, with
// filters, keyset pages and a CSV export of the filtered view. Owners and admins only.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/ui/pagination";
import { TimeText } from "@/components/ui/time-text";
import { requireAdmin } from "@/lib/auth/session";
import {
  auditFilterParams,
  countAudit,
  describeDetail,
  listAudit,
  readAuditFilter,
} from "@/lib/services/admin/audit-log";
import { pageSize } from "@/lib/services/admin/keyset";
import { AUDIT_ACTIONS } from "@/lib/services/audit";
import { AuditFilters } from "./audit-filters";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const { workspace } = await requireAdmin(slug);
  const filter = readAuditFilter(sp);
  const [total, page] = await Promise.all([
    countAudit(workspace.id, filter),
    listAudit(workspace.id, filter, { after: one(sp.after), before: one(sp.before), size: pageSize(one(sp.size)) }),
  ]);
  const base = `/w/${workspace.slug}`;
  const qs = new URLSearchParams(auditFilterParams(filter)).toString();
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what in this workspace: roles, suspensions, invites, SCIM tokens, single sign-on, domains and settings, from the app and the admin CLI. Changes your identity provider makes over SCIM are in the provisioning log."
        actions={
          <a className={buttonClass("secondary")} href={`${base}/audit/export${qs ? `?${qs}` : ""}`} download>
            Export CSV
          </a>
        }
      />
      <AuditFilters basePath={`${base}/audit`} filter={filter} />
      <p className="mb-2 mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        {total.toLocaleString("en")} {total === 1 ? "entry" : "entries"}
      </p>
      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {qs ? "No entries match these filters." : "No admin actions yet."}
        </p>
      ) : (
        <ol
          aria-label="Audit entries"
          className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/60"
        >
          {page.rows.map((e) => {
            const detail = describeDetail(e);
            const memberHref = e.targetType === "member" && e.targetId ? `${base}/members/${e.targetId}` : null;
            return (
              <li key={e.id} className="flex flex-col gap-1 px-4 py-3 text-sm sm:flex-row sm:items-baseline sm:gap-4">
                <span className="shrink-0 text-xs text-zinc-500 sm:w-28 dark:text-zinc-400">
                  <TimeText date={e.createdAt} now={now} />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="break-words">
                    <span className="font-medium">{e.actorLabel}</span>{" "}
                    <Badge tone="sky">{AUDIT_ACTIONS[e.action as keyof typeof AUDIT_ACTIONS] ?? e.action}</Badge>{" "}
                    {e.targetLabel &&
                      (memberHref ? (
                        <Link className={linkClass} href={memberHref}>
                          {e.targetLabel}
                        </Link>
                      ) : (
                        <span className="font-medium">{e.targetLabel}</span>
                      ))}
                  </p>
                  {detail && <p className="mt-0.5 break-words text-xs text-zinc-600 dark:text-zinc-400">{detail}</p>}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <Pagination
        basePath={`${base}/audit`}
        params={{ ...auditFilterParams(filter), size: one(sp.size) }}
        prev={page.prev}
        next={page.next}
        label="Audit log pages"
      />
    </>
  );
}
