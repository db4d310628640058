// The members table. Names link to the member's detail page, where the row actions live.
import Link from "next/link";
import { Badge, ScimBadge, StatusBadge } from "@/components/badge";
import { linkClass } from "@/components/button-styles";
import { TimeText } from "@/components/time-text";
import type { MemberListRow } from "@/lib/services/admin/members";
import { ROLE_LABELS, SOURCE_LABELS } from "@/lib/services/admin/member-rules";

export function memberName(m: { displayName: string | null; givenName?: string | null; familyName?: string | null; userName: string }) {
  return m.displayName || [m.givenName, m.familyName].filter(Boolean).join(" ") || m.userName;
}

export function MembersTable({ slug, rows, now }: { slug: string; rows: MemberListRow[]; now: Date }) {
  if (rows.length === 0) {
    return <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">No members match these filters.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60">
      <table className="w-full min-w-[52rem] text-left text-sm">
        <caption className="sr-only">Workspace members</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Email / user name</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Role</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Source</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Added</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((m) => (
            <tr key={m.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <th scope="row" className="px-4 py-2.5 font-medium">
                <Link className={linkClass} href={`/w/${slug}/members/${m.id}`}>{memberName(m)}</Link>
              </th>
              <td className="px-4 py-2.5">
                <div>{m.email ?? m.userName}</div>
                {m.email && m.email.toLowerCase() !== m.userNameLower && <div className="text-xs text-zinc-500 dark:text-zinc-400">{m.userName}</div>}
              </td>
              <td className="px-4 py-2.5">{ROLE_LABELS[m.role] ?? m.role}</td>
              <td className="px-4 py-2.5">
                <StatusBadge status={m.status} />
                {/* a provisioned member whose person has not joined (no account linked yet) */}
                {!m.accountId && m.status !== "invited" && <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">Not joined</span>}
              </td>
              <td className="px-4 py-2.5">{m.source === "scim" ? <ScimBadge tokenLabel={m.tokenLabel} /> : <Badge>{SOURCE_LABELS[m.source] ?? m.source}</Badge>}</td>
              <td className="px-4 py-2.5 text-zinc-600 dark:text-zinc-400"><TimeText date={m.createdAt} now={now} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
