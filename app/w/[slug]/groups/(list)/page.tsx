// Groups: name, member count, source and last change; SCIM groups are read-only.
import type { Metadata } from "next";
import { Badge, ScimBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { formatNumber } from "@/components/ui/format";
import { EmptyState, RowHeader, RowLink, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/ui/pagination";
import { TimeText } from "@/components/ui/time-text";
import { requireAdmin } from "@/lib/auth/session";
import { countGroups } from "@/lib/services/admin/groups";
import { listGroupsByName } from "@/lib/services/admin/natural-order";
import { pageSize } from "@/lib/services/admin/keyset";

export const metadata: Metadata = { title: "Groups" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function GroupsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const { workspace } = await requireAdmin(slug);
  const q = one(sp.q)?.slice(0, 200);
  const size = pageSize(one(sp.size));
  // by name in natural order ("Team 2" before "Team 10"); ?dir=desc reverses it
  const dir = one(sp.dir) === "desc" ? "desc" : "asc";
  const [total, page] = await Promise.all([
    countGroups(workspace.id, q),
    listGroupsByName(workspace.id, q, { after: one(sp.after), before: one(sp.before), size }, dir),
  ]);
  const base = `/w/${workspace.slug}/groups`;
  const sortHref = (key: string, d: "asc" | "desc") =>
    `${base}?${new URLSearchParams(Object.entries({ q, size: one(sp.size), sort: key, dir: d }).filter((e): e is [string, string] => !!e[1]))}`;
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups pushed by your identity provider. They are read-only here: change names and members in Entra ID or Okta."
      />
      <form role="search" aria-label="Search groups" method="get" action={base} className="mb-4 flex max-w-xl gap-2">
        <label htmlFor="group-q" className="sr-only">
          Search groups
        </label>
        <Input id="group-q" name="q" type="search" defaultValue={q} placeholder="Search by name" />
        <Button type="submit">Search</Button>
      </form>
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
        {formatNumber(total)} {total === 1 ? "group" : "groups"}
        {q ? ` matching “${q}”` : ""}
      </p>
      {page.rows.length === 0 ? (
        <EmptyState>
          {q
            ? "No groups match."
            : "No groups yet. Push groups from your identity provider (Okta: Push Groups; Entra ID: assign groups to the app)."}
        </EmptyState>
      ) : (
        <Table caption="Groups">
          <THead>
            <Th sort={{ key: "name", current: { key: "name", dir }, href: sortHref }}>Name</Th>
            <Th>Members</Th>
            <Th className="max-md:hidden">Source</Th>
            <Th>Last change</Th>
          </THead>
          <TBody>
            {page.rows.map((g) => (
              <Tr key={g.id} linked>
                <RowHeader className="max-w-[18rem]">
                  <RowLink href={`${base}/${g.id}`} className="block truncate">
                    {g.displayName}
                  </RowLink>
                </RowHeader>
                <Td className="tabular-nums">{formatNumber(g.memberCount)}</Td>
                <Td className="max-md:hidden">
                  {g.source === "scim" ? <ScimBadge tokenLabel={g.tokenLabel} /> : <Badge>Manual</Badge>}
                </Td>
                <Td className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
                  <TimeText date={g.updatedAt} now={now} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <Pagination
        basePath={base}
        params={{ q, size: one(sp.size), ...(dir === "desc" ? { sort: "name", dir } : {}) }}
        prev={page.prev}
        next={page.next}
        label="Groups pages"
        size={size}
      />
    </>
  );
}
