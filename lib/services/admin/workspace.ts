// Workspace-level reads and settings for the admin area.
import { getDb } from "@/lib/db/client";
import { DomainError } from "@/lib/services/errors";
import { pruneEventsIn } from "@/lib/services/provisioning-log";
import { recordAudit, SYSTEM, type AuditActor } from "@/lib/services/audit";

export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 365;

/** The workspaces an account can open (for the switcher): every membership that is not suspended. */
export async function workspacesOfAccount(accountId: string) {
  const db = await getDb();
  const rows = await db.member.findMany({
    where: { accountId, status: "active" },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true, plan: true } } },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role }));
}

/** Saves the log retention and prunes events that fall outside it right away. */
export async function setLogRetention(workspaceId: string, days: number, actor: AuditActor = SYSTEM) {
  const db = await getDb();
  if (!Number.isInteger(days) || days < RETENTION_MIN_DAYS || days > RETENTION_MAX_DAYS) {
    throw new DomainError(
      "invalid",
      `Retention must be between ${RETENTION_MIN_DAYS} and ${RETENTION_MAX_DAYS} days`,
      "retentionDays",
    );
  }
  await db.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { name: true, logRetentionDays: true },
    });
    if (before.logRetentionDays === days) return;
    await tx.workspace.update({ where: { id: workspaceId }, data: { logRetentionDays: days } });
    await recordAudit(
      tx,
      workspaceId,
      actor,
      "workspace.retention_changed",
      { type: "workspace", id: workspaceId, label: before.name },
      { from: before.logRetentionDays, to: days },
    );
  });
  return pruneEventsIn(db, workspaceId, days);
}

/** Applies the workspace's retention (called when the log page loads). */
export async function pruneLog(workspaceId: string, retentionDays: number) {
  const db = await getDb();
  return pruneEventsIn(db, workspaceId, retentionDays);
}

/** The slug of the account's first workspace (oldest active membership), or null: where "/" sends it. */
export async function firstWorkspaceSlug(accountId: string): Promise<string | null> {
  const db = await getDb();
  const first = await db.member.findFirst({
    where: { accountId, status: "active" },
    orderBy: { createdAt: "asc" },
    include: { workspace: { select: { slug: true } } },
  });
  return first?.workspace.slug ?? null;
}
