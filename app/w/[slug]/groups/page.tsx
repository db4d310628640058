// Groups: name, member count, source and last change; SCIM groups are read-only.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge, ScimBadge } from "@/components/badge";
import { buttonClass, inputClass, linkClass } from "@/components/button-styles";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { TimeText } from "@/components/time-text";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { countGroups, listGroups } from "@/lib/services/admin/groups";
import { pageSize } from "@/lib/services/admin/keyset";

export const metadata: Metadata = { title: "Groups" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function GroupsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { workspace } = await requireAdmin(slug);
  const db = await getDb();
  const q = one(sp.q)?.slice(0, 200);
  const [total, page] = await Promise.all([
    countGroups(db, workspace.id, q),
    listGroups(db, workspace.id, q, { after: one(sp.after), before: one(sp.before), size: pageSize(one(sp.size)) }),
  ]);
  const base = `/w/${workspace.slug}/groups`;
  const now = new Date();
  return (
    <>
      <PageHeader title="Groups" description="Groups pushed by your identity provider. They are read-only here: change names and members in Entra ID or Okta." />
      <form role="search" aria-label="Search groups" method="get" action={base} className="mb-4 flex max-w-xl gap-2">
        <label htmlFor="group-q" className="sr-only">Search groups</label>
        <input id="group-q" name="q" type="search" defaultValue={q} placeholder="Search by name" className={inputClass} />
        <button type="submit" className={buttonClass("primary")}>Search</button>
      </form>
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">{total} {total === 1 ? "group" : "groups"}{q ? ` matching “${q}”` : ""}</p>
      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {q ? "No groups match." : "No groups yet. Push groups from your identity provider (Okta: Push Groups; Entra ID: assign groups to the app)."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Groups</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Members</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Source</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Last change</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {page.rows.map((g) => (
                <tr key={g.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                  <th scope="row" className="px-4 py-2.5 font-medium"><Link className={linkClass} href={`${base}/${g.id}`}>{g.displayName}</Link></th>
                  <td className="px-4 py-2.5 tabular-nums">{g.memberCount.toLocaleString("en")}</td>
                  <td className="px-4 py-2.5">{g.source === "scim" ? <ScimBadge tokenLabel={g.tokenLabel} /> : <Badge>Manual</Badge>}</td>
                  <td className="px-4 py-2.5 text-zinc-600 dark:text-zinc-400"><TimeText date={g.updatedAt} now={now} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination basePath={base} params={{ q, size: one(sp.size) }} prev={page.prev} next={page.next} label="Groups pages" />
    </>
  );
}
