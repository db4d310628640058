// Manage members: counts per status and seats in use, search and filters, a keyset-paginated table,
// and the invite dialog.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { formatNumber } from "@/components/ui/format";
import { Pagination } from "@/components/ui/pagination";
import { requireAdmin } from "@/lib/auth/session";
import { pageSize } from "@/lib/services/admin/keyset";
import {
  countMembers,
  countMembersBefore,
  listMembers,
  memberCounts,
  MEMBER_SOURCES,
  MEMBER_STATUSES,
} from "@/lib/services/admin/members";
import { assignableRoles } from "@/lib/services/admin/member-rules";
import { ROLES } from "@/lib/services/workspaces";
import { listLinkReviews } from "@/lib/services/identity/link-review";
import { InviteDialog } from "../invite-dialog";
import { LinkReview } from "../link-review";
import { MemberFilters } from "../member-filters";
import { MembersTable } from "../members-table";
import { FirstRunChecklist } from "../first-run-checklist";
import { SuspendedSeats } from "../suspended-seats";
import { firstRunStatus, showFirstRun } from "@/lib/services/admin/first-run";
import {
  countMembersBeforeSorted,
  listMembersSorted,
  MEMBER_SORTS,
  type MemberSort,
  type SortDir,
} from "@/lib/services/admin/natural-order";

export const metadata: Metadata = { title: "Members" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const oneOf = <T extends string>(v: string | undefined, allowed: readonly T[]) =>
  v && (allowed as readonly string[]).includes(v) ? v : undefined;

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const { workspace, member } = await requireAdmin(slug);
  const filter = {
    q: one(sp.q)?.slice(0, 200),
    status: oneOf(one(sp.status), MEMBER_STATUSES),
    role: oneOf(one(sp.role), ROLES),
    source: oneOf(one(sp.source), MEMBER_SOURCES),
  };
  const size = pageSize(one(sp.size));
  // ?sort=name|userName&dir=asc|desc; the default (user name, ascending) is the indexed order
  const sort = {
    key: (oneOf(one(sp.sort), MEMBER_SORTS) ?? "userName") as MemberSort,
    dir: (one(sp.dir) === "desc" ? "desc" : "asc") as SortDir,
  };
  const sorted = sort.key !== "userName" || sort.dir !== "asc";
  const pageReq = { after: one(sp.after), before: one(sp.before), size };
  const [firstRun, reviews, counts, matching, page] = await Promise.all([
    firstRunStatus(workspace.id),
    member.role === "owner" ? listLinkReviews(workspace.id) : [],
    memberCounts(workspace.id),
    countMembers(workspace.id, filter),
    sorted
      ? listMembersSorted(workspace.id, filter, pageReq, sort.key, sort.dir)
      : listMembers(workspace.id, filter, pageReq),
  ]);
  const offset = !page.rows.length
    ? 0
    : sorted
      ? await countMembersBeforeSorted(workspace.id, filter, page.rows[0].id, sort.key, sort.dir)
      : await countMembersBefore(workspace.id, filter, page.rows[0].userNameLower);
  const basePath = `/w/${workspace.slug}/members`;
  const removed = one(sp.removed);
  const filtered = !!(filter.q || filter.status || filter.role || filter.source);
  const listParams = { ...filter, size: one(sp.size), ...(sorted ? { sort: sort.key, dir: sort.dir } : {}) };
  // a new order starts at its first page (the cursors belong to the old one)
  const sortHref = (key: string, dir: "asc" | "desc") =>
    `${basePath}?${new URLSearchParams(Object.entries({ ...filter, size: one(sp.size), sort: key, dir }).filter((e): e is [string, string] => !!e[1]))}`;
  return (
    <>
      <PageHeader
        title="Members"
        description="Everyone in this workspace. Members provisioned by your identity provider are marked “Managed by SCIM”."
        actions={<InviteDialog slug={workspace.slug} roles={assignableRoles(member.role)} />}
      />
      {removed && (
        <p
          role="status"
          className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
        >
          Removed {removed}.
        </p>
      )}
      {showFirstRun(firstRun, workspace.plan) && <FirstRunChecklist slug={workspace.slug} status={firstRun} />}
      <LinkReview slug={workspace.slug} rows={reviews} />
      <ul aria-label="Member counts" className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <CountCard label="Seats in use" value={counts.seatsInUse} hint="Active + invited" />
        <CountCard label="Active" value={counts.active} href={`${basePath}?status=active`} />
        <CountCard label="Invited" value={counts.invited} href={`${basePath}?status=invited`} />
        <CountCard label="Suspended" value={counts.suspended} href={`${basePath}?status=suspended`} />
      </ul>
      <SuspendedSeats slug={workspace.slug} workspaceId={workspace.id} />
      <MemberFilters basePath={basePath} values={filter} />
      <p className="mb-2 mt-4 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {filtered
          ? `${formatNumber(matching)} of ${formatNumber(counts.total)} members match`
          : `${formatNumber(counts.total)} members`}
      </p>
      <MembersTable slug={workspace.slug} rows={page.rows} now={new Date()} sort={{ current: sort, href: sortHref }} />
      <Pagination
        basePath={basePath}
        params={listParams}
        prev={page.prev}
        next={page.next}
        label="Members pages"
        range={{ offset, rows: page.rows.length, total: matching }}
        size={size}
      />
    </>
  );
}

function CountCard({ label, value, hint, href }: { label: string; value: number; hint?: string; href?: string }) {
  const body = (
    <>
      <span className="block text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</span>
      <span className="mt-1 block text-2xl font-semibold tabular-nums">{formatNumber(value)}</span>
      {hint && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>}
    </>
  );
  const cls = "block rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/60";
  return href ? (
    <li>
      <Link
        href={href}
        className={`${cls} hover:border-indigo-300 dark:hover:border-indigo-700`}
        title={`Show only ${label.toLowerCase()} members`}
      >
        {body}
      </Link>
    </li>
  ) : (
    <li className={cls}>{body}</li>
  );
}
