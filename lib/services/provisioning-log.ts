// The provisioning log: one row per SCIM request. Holds what an admin needs to understand a failure,
// never secrets or whole payloads.
import type { Db } from "@/lib/db/client";
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

export async function recordEvent(db: Db, e: ProvisioningEventInput) {
  await db.provisioningEvent.create({
    data: {
      ...e,
      path: clip(e.path, 500)!,
      query: clip(e.query, 1000),
      externalId: clip(e.externalId, 300),
      userName: clip(e.userName, 300),
      displayName: clip(e.displayName, 300),
      detail: clip(e.detail, 1000),
      durationMs: Math.max(0, Math.round(e.durationMs)),
    },
  });
}

/** Deletes events older than the workspace's retention setting. */
export async function pruneEvents(db: Db, workspaceId: string, retentionDays: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const res = await db.provisioningEvent.deleteMany({ where: { workspaceId, createdAt: { lt: cutoff } } });
  return res.count;
}
