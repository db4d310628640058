// Provisioning events that touched one member, newest first.
import Link from "next/link";
import { HttpStatusBadge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { TimeText } from "@/components/ui/time-text";

interface Event { id: string; createdAt: Date; method: string; path: string; status: number; scimType: string | null; detail: string | null; tokenLabel: string | null }

const VERB: Record<string, string> = { POST: "Created", PUT: "Replaced", PATCH: "Updated", DELETE: "Deleted", GET: "Read" };

export function Timeline({ slug, events, now }: { slug: string; events: Event[]; now: Date }) {
  if (events.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No provisioning requests touched this member.</p>;
  return (
    <ol className="relative space-y-4 border-l border-zinc-200 pl-5 dark:border-zinc-800">
      {events.map((e) => (
        <li key={e.id} className="relative">
          <span aria-hidden="true" className={`absolute -left-[26px] top-1 h-2.5 w-2.5 rounded-full ring-4 ring-white dark:ring-zinc-900 ${e.status >= 400 ? "bg-red-500" : "bg-emerald-500"}`} />
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{VERB[e.method] ?? e.method}</span>
            <HttpStatusBadge status={e.status} />
            <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{e.method} {e.path}</span>
          </div>
          <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            <Link className={linkClass} href={`/w/${slug}/log/${e.id}`}><TimeText date={e.createdAt} now={now} /></Link>
            {e.tokenLabel && <> · token {e.tokenLabel}</>}
          </div>
          {e.detail && <p className="mt-1 text-sm text-red-700 dark:text-red-300">{e.scimType ? `${e.scimType}: ` : ""}{e.detail}</p>}
        </li>
      ))}
    </ol>
  );
}
