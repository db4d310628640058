// Reads the log filters from the URL (page and CSV export share it), ignoring unknown values.
import { LOG_METHODS, LOG_RANGES, type EventFilter } from "@/lib/services/admin/events";

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

function get(sp: Search, key: string): string | undefined {
  const v = sp instanceof URLSearchParams ? sp.get(key) : sp[key];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

export function readLogFilter(sp: Search): EventFilter {
  const outcome = get(sp, "outcome");
  const method = get(sp, "method")?.toUpperCase();
  const resourceType = get(sp, "resourceType");
  const range = get(sp, "range");
  return {
    outcome: outcome === "success" || outcome === "failure" ? outcome : undefined,
    method: method && (LOG_METHODS as readonly string[]).includes(method) ? method : undefined,
    resourceType:
      resourceType === "User" || resourceType === "Group" || resourceType === "other" ? resourceType : undefined,
    range: range && range in LOG_RANGES ? (range as keyof typeof LOG_RANGES) : undefined,
    q: get(sp, "q")?.slice(0, 200),
  };
}

/** The filter as query-string entries (for links that keep the current view). */
export function filterParams(f: EventFilter): Record<string, string | undefined> {
  return { outcome: f.outcome, method: f.method, resourceType: f.resourceType, range: f.range, q: f.q };
}

/** Where the user or group an event touched can be opened: only one that exists (`existing` holds
 * "User:<id>" / "Group:<id>", lib/services/admin/events.ts existingTouched), so ids of failed requests
 * (`.search`, `9034…;a`, `../Users/x`) never become links. */
export function touchedHref(
  base: string,
  e: { resourceType: string | null; resourceId: string | null },
  existing: Set<string>,
) {
  if (!e.resourceId || !existing.has(`${e.resourceType}:${e.resourceId}`)) return null;
  const id = encodeURIComponent(e.resourceId);
  if (e.resourceType === "User") return `${base}/members/${id}`;
  if (e.resourceType === "Group") return `${base}/groups/${id}`;
  return null;
}
