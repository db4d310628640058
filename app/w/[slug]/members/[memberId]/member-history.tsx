// The member timeline: admin actions (audit log) and SCIM requests (provisioning log), newest first, in words.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { TimeText } from "@/components/ui/time-text";
import type { TimelineItem } from "@/lib/services/admin/member-timeline";

export function MemberHistory({ slug, items, now }: { slug: string; items: TimelineItem[]; now: Date }) {
  if (items.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing has happened to this member yet.</p>;
  return (
    <ol aria-label="Member timeline" className="relative space-y-4 border-l border-zinc-200 pl-5 dark:border-zinc-800">
      {items.map((e) => (
        <li key={e.id} className="relative">
          <span
            aria-hidden="true"
            className={`absolute -left-[26px] top-1 h-2.5 w-2.5 rounded-full ring-4 ring-white dark:ring-zinc-900 ${e.failed ? "bg-red-500" : e.kind === "admin" ? "bg-indigo-500" : "bg-emerald-500"}`}
          />
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="break-words font-medium">{e.title}</span>
            <Badge tone={e.kind === "admin" ? "sky" : "gray"}>{e.kind === "admin" ? "Admin action" : "SCIM"}</Badge>
          </div>
          <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {e.eventId ? (
              <Link className={linkClass} href={`/w/${slug}/log/${e.eventId}`}>
                <TimeText date={e.at} now={now} />
              </Link>
            ) : (
              <TimeText date={e.at} now={now} />
            )}
          </div>
          {e.detail && (
            <p
              className={`mt-1 break-words text-sm ${e.failed ? "text-red-700 dark:text-red-300" : "text-zinc-700 dark:text-zinc-300"}`}
            >
              {e.detail}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
