// Provisioning health for the Connect SCIM card. Entra ID runs an incremental cycle about every 40
// minutes, so two missed cycles (80 minutes) without any request while a token is active means the
// connection is probably broken (provisioning paused, quarantined, or the token pasted wrongly).
import { getDb } from "@/lib/db/client";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";

export const SILENCE_WARNING_MS = 80 * 60_000;

export interface ProvisioningHealth {
  lastRequestAt: Date | null;
  requests24h: number;
  failures24h: number;
  lastErrors: {
    id: string;
    createdAt: Date;
    method: string;
    path: string;
    status: number;
    detail: string | null;
    tokenLabel: string | null;
  }[];
  activeTokens: number;
  /** set when an active token exists and nothing arrived for more than 80 minutes */
  silentSince: Date | null;
  scimUsers: number;
  scimGroups: number;
}

export async function provisioningHealth(workspaceId: string, now = new Date()): Promise<ProvisioningHealth> {
  const db = await getDb();
  const since = new Date(now.getTime() - 86_400_000);
  await flushProvisioningLog();
  const activeToken = { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const [last, requests24h, failures24h, lastErrors, activeTokens, newestToken, scimUsers, scimGroups] =
    await Promise.all([
      // the offboarding policy's own removals (method POLICY) are not contact from the identity provider
      db.provisioningEvent.findFirst({
        where: { workspaceId, method: { not: "POLICY" } },
        orderBy: { createdAt: "desc" },
        select: { createdAt: true },
      }),
      db.provisioningEvent.count({ where: { workspaceId, createdAt: { gte: since } } }),
      db.provisioningEvent.count({ where: { workspaceId, createdAt: { gte: since }, status: { gte: 400 } } }),
      db.provisioningEvent.findMany({
        where: { workspaceId, status: { gte: 400 } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 5,
        select: { id: true, createdAt: true, method: true, path: true, status: true, detail: true, tokenLabel: true },
      }),
      db.scimToken.count({ where: activeToken }),
      db.scimToken.findFirst({ where: activeToken, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
      db.member.count({ where: { workspaceId, source: "scim" } }),
      db.group.count({ where: { workspaceId, source: "scim" } }),
    ]);
  const lastRequestAt = last?.createdAt ?? null;
  return {
    lastRequestAt,
    requests24h,
    failures24h,
    lastErrors,
    activeTokens,
    silentSince: newestToken ? silence(lastRequestAt, newestToken.createdAt, now) : null,
    scimUsers,
    scimGroups,
  };
}

/** When the quiet period began (the last request, or the newest token if nothing came since), if it
 * is longer than the warning threshold. A token generated a minute ago is not yet "silent". */
export function silence(lastRequestAt: Date | null, newestTokenAt: Date, now: Date): Date | null {
  const quietFrom = lastRequestAt && lastRequestAt > newestTokenAt ? lastRequestAt : newestTokenAt;
  return now.getTime() - quietFrom.getTime() > SILENCE_WARNING_MS ? quietFrom : null;
}
