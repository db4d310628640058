// One group: its attributes and members (paginated). Read-only when provisioned over SCIM.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, ScimBadge, StatusBadge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { IDP_MANAGED_TIP } from "@/components/idp-text";
import { InfoTip } from "@/components/ui/info-tip";
import { Card } from "@/components/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, RowHeader, RowLink, Table, TBody, Td, Th, THead, Tr, Truncate } from "@/components/ui/table";
import { TimeText } from "@/components/ui/time-text";
import { requireAdmin } from "@/lib/auth/session";
import { getGroup, lastGroupEvent, listGroupMembers } from "@/lib/services/admin/groups";
import { pageSize } from "@/lib/services/admin/keyset";
import { ROLE_LABELS } from "@/lib/services/admin/member-rules";

export const metadata: Metadata = { title: "Group" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function GroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; groupId: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug, groupId } = await params;
  const sp = await searchParams;
  const { workspace } = await requireAdmin(slug);
  const group = await getGroup(workspace.id, groupId);
  if (!group) notFound();
  const [page, lastEvent] = await Promise.all([
    listGroupMembers(workspace.id, group.id, {
      after: one(sp.after),
      before: one(sp.before),
      size: pageSize(one(sp.size)),
    }),
    lastGroupEvent(workspace.id, group.id),
  ]);
  const base = `/w/${workspace.slug}`;
  const now = new Date();
  const scim = group.source === "scim";
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link className={linkClass} href={`${base}/groups`}>
          ← Groups
        </Link>
      </nav>
      <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
        <span className="min-w-0 [overflow-wrap:anywhere]">{group.displayName}</span>
        {scim && <InfoTip text={IDP_MANAGED_TIP} label="Why can't I edit this group?" />}
      </h1>
      <div className="mb-6 mt-2 flex flex-wrap gap-2">
        {scim ? <ScimBadge tokenLabel={group.tokenLabel} /> : <Badge>Manual</Badge>}
        <Badge>{group.memberCount.toLocaleString("en")} members</Badge>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Card title="Members">
            {page.rows.length === 0 ? (
              <EmptyState>This group has no members.</EmptyState>
            ) : (
              <Table caption={`Members of ${group.displayName}`} compact>
                <THead>
                  <Th>Name</Th>
                  <Th className="max-sm:hidden">Email / user name</Th>
                  <Th>Role</Th>
                  <Th>Status</Th>
                </THead>
                <TBody>
                  {page.rows.map(({ member: m }) => (
                    <Tr key={m.id} linked>
                      <RowHeader className="max-w-[14rem]">
                        <RowLink href={`${base}/members/${m.id}`} className="block truncate">
                          {m.displayName ?? m.userName}
                        </RowLink>
                        <Truncate
                          text={m.email ?? m.userName}
                          className="text-xs font-normal text-zinc-500 sm:hidden dark:text-zinc-400"
                        />
                      </RowHeader>
                      <Td className="max-w-[16rem] max-sm:hidden">
                        <Truncate text={m.email ?? m.userName} />
                      </Td>
                      <Td className="whitespace-nowrap">
                        <Badge tone="sky">{ROLE_LABELS[m.role] ?? m.role}</Badge>
                      </Td>
                      <Td className="whitespace-nowrap">
                        <StatusBadge status={m.status} />
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
            <Pagination
              basePath={`${base}/groups/${group.id}`}
              params={{ size: one(sp.size) }}
              prev={page.prev}
              next={page.next}
              label="Group member pages"
            />
          </Card>
        </div>
        <Card title="Details">
          <dl className="space-y-2 text-sm">
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">Group ID (SCIM id)</dt>
              <dd className="break-all font-mono text-xs">{group.id}</dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">External ID</dt>
              <dd className="break-all">{group.externalId ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">Created</dt>
              <dd>
                <TimeText date={group.createdAt} now={now} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">Last change</dt>
              <dd>
                <TimeText date={group.updatedAt} now={now} />
              </dd>
            </div>
            {lastEvent && (
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">Last provisioning request</dt>
                <dd>
                  <Link className={linkClass} href={`${base}/log/${lastEvent.id}`}>
                    {lastEvent.method} · {lastEvent.status}
                  </Link>{" "}
                  <TimeText date={lastEvent.createdAt} now={now} />
                </dd>
              </div>
            )}
          </dl>
        </Card>
      </div>
    </>
  );
}
