// The provisioning log: one row per SCIM request. Holds what an admin needs to understand a failure,
// never secrets or whole payloads.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { toStorableText } from "@/lib/storable-text";

export interface ProvisioningEventInput {
  workspaceId: string;
  tokenId?: string | null;
  tokenLabel?: string | null;
  method: string;
  path: string;
  query?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  externalId?: string | null;
  userName?: string | null;
  displayName?: string | null;
  status: number;
  scimType?: string | null;
  detail?: string | null;
  durationMs: number;
}

// U+0000 and unpaired surrogates (from a query string or an error detail) become U+FFFD, so the request is
// still logged on PostgreSQL.
const clip = (s: string | null | undefined, n: number) => (s == null ? null : toStorableText(s.length > n ? s.slice(0, n - 1) + "…" : s));

const COLUMNS = ["id", "workspaceId", "tokenId", "tokenLabel", "createdAt", "method", "path", "query", "resourceType", "resourceId", "externalId", "userName", "displayName", "status", "scimType", "detail", "durationMs"] as const;

/** The event as the values of COLUMNS, clipped to what the log keeps. */
function eventValues(e: ProvisioningEventInput): unknown[] {
  const row: Record<(typeof COLUMNS)[number], unknown> = {
    id: randomUUID(),
    workspaceId: e.workspaceId,
    tokenId: e.tokenId ?? null,
    tokenLabel: e.tokenLabel ?? null,
    createdAt: new Date(),
    method: e.method,
    path: clip(e.path, 500)!,
    query: clip(e.query, 1000),
    resourceType: e.resourceType ?? null,
    resourceId: e.resourceId ?? null,
    externalId: clip(e.externalId, 300),
    userName: clip(e.userName, 300),
    displayName: clip(e.displayName, 300),
    status: e.status,
    scimType: e.scimType ?? null,
    detail: clip(e.detail, 1000),
    durationMs: Math.max(0, Math.round(e.durationMs)),
  };
  return COLUMNS.map((c) => row[c]);
}

/** One multi-row INSERT of events (each the values of COLUMNS). */
function insertEvents(sql: Sql, events: unknown[][]) {
  const params: unknown[] = [];
  const place = () => (sql.provider === "postgres" ? `$${params.length}` : "?");
  const tuples = events.map((values) => `(${values.map((v) => (params.push(v), place())).join(", ")})`);
  return sql.run(`INSERT INTO "ProvisioningEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`, params);
}

export async function recordEvent(sql: Sql, e: ProvisioningEventInput) {
  await insertEvents(sql, [eventValues(e)]);
}

/** Deletes events older than the workspace's retention setting. */
export async function pruneEvents(db: Db, workspaceId: string, retentionDays: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const res = await db.provisioningEvent.deleteMany({ where: { workspaceId, createdAt: { lt: cutoff } } });
  return res.count;
}
