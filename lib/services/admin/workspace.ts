// Workspace-level reads and settings for the admin area.
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/services/errors";
import { pruneEvents } from "@/lib/services/provisioning-log";
import { recordAudit, SYSTEM, type AuditActor } from "@/lib/services/audit";

export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 365;

/** The workspaces an account can open (for the switcher): every membership that is not suspended. */
export async function workspacesOfAccount(db: Db, accountId: string) {
  const rows = await db.member.findMany({
    where: { accountId, status: "active" },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true, plan: true } } },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role }));
}

/** Saves the log retention and prunes events that fall outside it right away. */
export async function setLogRetention(db: Db, workspaceId: string, days: number, actor: AuditActor = SYSTEM) {
  if (!Number.isInteger(days) || days < RETENTION_MIN_DAYS || days > RETENTION_MAX_DAYS) {
    throw new DomainError("invalid", `Retention must be between ${RETENTION_MIN_DAYS} and ${RETENTION_MAX_DAYS} days`, "retentionDays");
  }
  await db.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true, logRetentionDays: true } });
    if (before.logRetentionDays === days) return;
    await tx.workspace.update({ where: { id: workspaceId }, data: { logRetentionDays: days } });
    await recordAudit(tx, workspaceId, actor, "workspace.retention_changed", { type: "workspace", id: workspaceId, label: before.name }, { from: before.logRetentionDays, to: days });
  });
  return pruneEvents(db, workspaceId, days);
}

/** Applies the workspace's retention (called when the log page loads). */
export async function pruneLog(db: Db, workspaceId: string, retentionDays: number) {
  return pruneEvents(db, workspaceId, retentionDays);
}
