"use client";
// Live setup: ticks off the identity provider's first requests as they arrive, with the last requests,
// by polling /w/<slug>/doctor-status every few seconds while the page is open.
import { useEffect, useRef, useState } from "react";
import { HttpStatusBadge } from "@/components/ui/badge";

export interface LiveSetupData {
  steps: { id: string; label: string; at: string | null }[];
  recent: {
    id: string;
    createdAt: string;
    method: string;
    path: string;
    query: string | null;
    status: number;
    userName: string | null;
  }[];
}

const POLL_MS = 3000;
const time = (iso: string) => new Date(iso).toISOString().slice(11, 19);

export function LiveSetup({ slug, initial }: { slug: string; initial: LiveSetupData }) {
  const [data, setData] = useState(initial);
  const doneRef = useRef(initial.steps.filter((s) => s.at));
  useEffect(() => {
    let stopped = false;
    const timer = window.setInterval(async () => {
      if (document.hidden) return;
      try {
        // steps already done are not looked up again; their times are kept here
        const known = doneRef.current.map((s) => s.id).join(",");
        const res = await fetch(`/w/${slug}/doctor-status?known=${known}`, { cache: "no-store" });
        if (!res.ok || stopped) return;
        const next = (await res.json()) as LiveSetupData;
        const steps = next.steps.map((s) => doneRef.current.find((d) => d.id === s.id) ?? s);
        doneRef.current = steps.filter((s) => s.at);
        setData({ steps, recent: next.recent });
      } catch {
        // offline for a moment: try again at the next tick
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [slug]);
  const waiting = data.steps.some((s) => !s.at);
  return (
    <div className="space-y-4">
      <ol aria-label="Setup progress" className="grid gap-2 sm:grid-cols-2">
        {data.steps.map((s) => (
          <li
            key={s.id}
            data-step={s.id}
            data-done={s.at ? "true" : "false"}
            className="flex items-center gap-2 text-sm"
          >
            <span
              aria-hidden="true"
              className={`inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs ${s.at ? "bg-emerald-600 text-white" : "border border-zinc-300 dark:border-zinc-600"}`}
            >
              {s.at ? "✓" : ""}
            </span>
            <span>
              {s.label}
              <span className="sr-only">{s.at ? ": done" : ": not yet"}</span>
            </span>
            {s.at && <span className="text-xs text-zinc-500 dark:text-zinc-400">{time(s.at)} UTC</span>}
          </li>
        ))}
      </ol>
      {waiting && (
        <p role="status" className="flex items-center gap-2 text-sm text-amber-800 dark:text-amber-200">
          <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-amber-500" />
          Listening for requests from your identity provider… In Entra ID, press Test Connection, then Start
          provisioning.
        </p>
      )}
      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          Last requests
        </h4>
        {data.recent.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">None yet.</p>
        ) : (
          <ul
            aria-label="Last requests"
            aria-live="polite"
            className="mt-1 divide-y divide-zinc-200 text-sm dark:divide-zinc-800"
          >
            {data.recent.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
                <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{time(r.createdAt)}</span>
                <HttpStatusBadge status={r.status} />
                <a href={`/w/${slug}/log/${r.id}`} className="min-w-0 break-all font-mono text-xs hover:underline">
                  {r.method} {r.path}
                  {r.query ? `?${r.query}` : ""}
                </a>
                {r.userName && (
                  <span className="min-w-0 break-all text-xs text-zinc-600 dark:text-zinc-400">{r.userName}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
