// Logging of one SCIM request: its provisioning event (what the workspace's admins read, written in
// batches by lib/services/provisioning-log.ts) and a debug line in the server log, both carrying the
// request id.
import type { Logger } from "@/lib/log";
import type { ScimError } from "@/lib/scim/errors";
import { recordScimEvent } from "@/lib/services/scim/access";
import type { Touched } from "./context";

export interface Who {
  workspaceId: string;
  tokenId?: string | null;
  tokenLabel?: string | null;
  method: string;
  path: string;
  query: string | null;
}

export interface Outcome {
  touched: Touched;
  status: number;
  error: ScimError | undefined;
  started: number;
  notes?: string[];
  requestId: string;
  log: Logger;
}

/** Queues the request's provisioning event. Never throws: the log must not turn a served request into a failure. */
export function logEvent(who: Who, o: Outcome): void {
  const notes = o.notes ?? [];
  const durationMs = performance.now() - o.started;
  o.log.debug(
    {
      workspaceId: who.workspaceId,
      method: who.method,
      path: who.path,
      status: o.status,
      scimType: o.error?.scimType,
      durationMs: Math.round(durationMs),
    },
    "SCIM request",
  );
  try {
    recordScimEvent({
      ...who,
      ...o.touched,
      status: o.status,
      scimType: o.error?.scimType ?? null,
      detail: o.error?.detail ?? (notes.length ? notes.join("; ") : null),
      durationMs,
      requestId: o.requestId,
    });
  } catch (e) {
    o.log.error({ reason: (e as Error).message }, "provisioning log event dropped");
  }
}

/** The query string as a person reads it, for the log. */
export function readableQuery(url: URL): string | null {
  if (!url.search) return null;
  try {
    return decodeURIComponent(url.search.slice(1).replace(/\+/g, " "));
  } catch {
    return url.search.slice(1);
  }
}
