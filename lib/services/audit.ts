// The audit trail: one AuditEvent per admin action (who did what to what, when). Services call
// recordAudit with the transaction client they change the data with, so an entry exists exactly when the
// change does. Actor and target are stored with a label snapshot: the entry reads right after the member,
// token or domain is renamed or gone.
import type { Db } from "@/lib/db/client";
import { toStorableText } from "@/lib/storable-text";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Client = Tx | Db;

/** Who did it: a member of the workspace (by id; the label is looked up), the server's operator (admin
 * CLI), or code that acts for nobody in particular (tests, maintenance). */
export type AuditActor =
  { memberId: string; label?: string } | { operator: true } | { system: true } | { policy: true };

export const OPERATOR: AuditActor = { operator: true };
export const SYSTEM: AuditActor = { system: true };
export const OPERATOR_LABEL = "operator (CLI)";
/** The offboarding policy's automatic removals (lib/services/offboarding.ts) act as "policy". */
export const POLICY: AuditActor = { policy: true };

/** Every action the trail records, with the words the audit page shows. */
export const AUDIT_ACTIONS = {
  "member.role_changed": "Role changed",
  "member.suspended": "Member suspended",
  "member.reactivated": "Member reactivated",
  "member.removed": "Member removed",
  "invitation.sent": "Invite sent",
  "invitation.accepted": "Invite accepted",
  "invitation.revoked": "Invite revoked",
  "token.created": "SCIM token created",
  "token.revoked": "SCIM token revoked",
  "token.removed": "SCIM token removed from the list",
  "sso.saved": "SSO settings saved",
  "sso.options_changed": "SSO options changed",
  "sso.enforcement_changed": "Enforce SSO changed",
  "sso.removed": "SSO removed",
  "sso.links_reset": "SSO links reset",
  "domain.added": "Domain added",
  "domain.verified": "Domain verified",
  "domain.removed": "Domain removed",
  "workspace.retention_changed": "Log retention changed",
  "workspace.offboarding_changed": "Offboarding policy changed",
  "link.confirmed": "Account link confirmed",
  "link.detached": "Account link detached",
  "guardrail.held": "Deprovisioning held for review",
  "guardrail.approved": "Held deprovisioning approved",
  "guardrail.discarded": "Held deprovisioning discarded",
  "guardrail.settings_changed": "Deprovisioning guardrail changed",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditTarget {
  type: "member" | "token" | "sso" | "domain" | "workspace";
  id?: string | null;
  label?: string | null;
}

const clip = (s: string | null | undefined, n = 300) =>
  s == null ? null : toStorableText(s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A member as people know them: display name, else account name, else email or userName. */
export function memberLabel(m: {
  displayName?: string | null;
  userName: string;
  account?: { name: string | null; email: string } | null;
}) {
  return m.displayName || m.account?.name || m.account?.email || m.userName;
}

/** The actor's member id (null for the operator) and name snapshot. */
export async function actorColumns(db: Client, workspaceId: string, actor: AuditActor) {
  if ("operator" in actor) return { actorMemberId: null, actorLabel: OPERATOR_LABEL };
  if ("system" in actor) return { actorMemberId: null, actorLabel: "system" };
  if ("policy" in actor) return { actorMemberId: null, actorLabel: "policy" };
  if (actor.label) return { actorMemberId: actor.memberId, actorLabel: actor.label };
  const m = await db.member.findFirst({
    where: { id: actor.memberId, workspaceId },
    select: { displayName: true, userName: true, account: { select: { name: true, email: true } } },
  });
  return { actorMemberId: actor.memberId, actorLabel: m ? memberLabel(m) : actor.memberId };
}

/** The actor of what a SCIM token did (the identity provider): no member, the token's label at the time,
 * as the provisioning log names it. */
export function tokenActorLabel(tokenLabel: string | null | undefined): string {
  return tokenLabel ? `SCIM token “${tokenLabel}”` : "SCIM token";
}

/** The columns of one entry, for code that writes it with SQL instead of Prisma (the SCIM services,
 * inside their own transaction). The caller adds id and createdAt. */
export function auditColumnsFor(
  workspaceId: string,
  actorLabel: string,
  action: AuditAction,
  target: AuditTarget,
  detail: Record<string, unknown> = {},
) {
  return {
    workspaceId,
    actorMemberId: null,
    actorLabel: clip(actorLabel)!,
    action,
    targetType: target.type,
    targetId: target.id ?? null,
    targetLabel: clip(target.label),
    detail: toStorableText(JSON.stringify(detail)),
  };
}

/** Writes one audit entry with `db` (pass the transaction that makes the change). */
export async function recordAudit(
  db: Client,
  workspaceId: string,
  actor: AuditActor,
  action: AuditAction,
  target: AuditTarget,
  detail: Record<string, unknown> = {},
) {
  const who = await actorColumns(db, workspaceId, actor);
  await db.auditEvent.create({
    data: {
      workspaceId,
      ...who,
      actorLabel: clip(who.actorLabel)!,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      targetLabel: clip(target.label),
      detail: toStorableText(JSON.stringify(detail)),
    },
  });
}
