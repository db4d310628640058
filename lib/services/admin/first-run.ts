// The first-run checklist of an empty workspace: verify a domain, connect SCIM, set up SSO — each ticked
// from what the database says, so it stays true however the step was done (app, CLI, API).
import { getDb, type Db } from "@/lib/db/client";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";
import { isConfigured } from "@/lib/services/sso/connections";

/** none: no usable token; waiting: a token exists, no request from the identity provider yet; connected:
 * the identity provider's requests arrive (at least one was authenticated). */
export type ScimSetup = "none" | "waiting" | "connected";

export interface FirstRunStatus {
  domainVerified: boolean;
  scim: ScimSetup;
  ssoConfigured: boolean;
  /** members in the workspace (the checklist shows while it is empty) */
  members: number;
}

export async function scimSetupIn(db: Db, workspaceId: string, now = new Date()): Promise<ScimSetup> {
  await flushProvisioningLog();
  const [request, token] = await Promise.all([
    db.provisioningEvent.findFirst({
      where: { workspaceId, tokenId: { not: null }, status: { not: 401 } },
      select: { id: true },
    }),
    db.scimToken.findFirst({
      where: { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { id: true },
    }),
  ]);
  if (request) return "connected";
  return token ? "waiting" : "none";
}

/** {@link scimSetupIn} on the app's connection. */
export async function scimSetup(workspaceId: string, now = new Date()): Promise<ScimSetup> {
  return scimSetupIn(await getDb(), workspaceId, now);
}

export async function firstRunStatus(workspaceId: string): Promise<FirstRunStatus> {
  const db = await getDb();
  const [verified, scim, sso, members] = await Promise.all([
    db.domain.count({ where: { workspaceId, verifiedAt: { not: null } } }),
    scimSetupIn(db, workspaceId),
    db.ssoConnection.findUnique({ where: { workspaceId } }),
    db.member.count({ where: { workspaceId } }),
  ]);
  return { domainVerified: verified > 0, scim, ssoConfigured: isConfigured(sso), members };
}

/** Shown to owners and admins of an Enterprise workspace that has no one but its first member(s) yet and
 * has steps left. */
export function showFirstRun(s: FirstRunStatus, plan: string): boolean {
  return plan === "enterprise" && s.members <= 1 && !(s.domainVerified && s.scim === "connected" && s.ssoConfigured);
}
