// The offboarding policy of a workspace: what a SCIM hard DELETE does (remove, or suspend: see
// offboarding-delete.ts), and the optional automatic removal of members SCIM suspended more than N days
// ago, which frees their place. Removals are recorded in the audit trail (actor "policy") and in the
// provisioning log (method POLICY), in the transaction that removes the member.
import { getDb, type Db } from "@/lib/db/client";
import { DomainError } from "@/lib/services/errors";
import { POLICY, actorColumns, recordAudit, type AuditActor } from "@/lib/services/audit";
import { adminMemberEventIn } from "@/lib/services/admin/webhook-events";
import type { DeleteAction } from "./offboarding-delete";

export const MAX_REMOVE_AFTER_DAYS = 3650;
const DAY = 86_400_000;

export interface OffboardingPolicyView {
  deleteAction: DeleteAction;
  /** null: members suspended by SCIM are never removed automatically */
  removeAfterDays: number | null;
}

export async function getOffboardingPolicyIn(db: Db, workspaceId: string): Promise<OffboardingPolicyView> {
  const p = await db.offboardingPolicy.findUnique({ where: { workspaceId } });
  return {
    deleteAction: p?.deleteAction === "suspend" ? "suspend" : "remove",
    removeAfterDays: p?.removeAfterDays ?? null,
  };
}

/** {@link getOffboardingPolicyIn} on the app's connection. */
export async function getOffboardingPolicy(workspaceId: string): Promise<OffboardingPolicyView> {
  return getOffboardingPolicyIn(await getDb(), workspaceId);
}

/** Owners only: checked here, whoever calls. */
export async function saveOffboardingPolicy(
  workspaceId: string,
  actor: { memberId: string; role: string },
  input: OffboardingPolicyView,
) {
  const db = await getDb();
  if (actor.role !== "owner")
    throw new DomainError("forbidden", "Only workspace owners can change the offboarding policy.", "form");
  const days = input.removeAfterDays;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_REMOVE_AFTER_DAYS)) {
    throw new DomainError(
      "invalid",
      `Enter a whole number of days between 1 and ${MAX_REMOVE_AFTER_DAYS}, or leave it empty.`,
      "form",
    );
  }
  const deleteAction: DeleteAction = input.deleteAction === "suspend" ? "suspend" : "remove";
  return db.$transaction(async (tx) => {
    const before = await tx.offboardingPolicy.findUnique({ where: { workspaceId } });
    const from = { deleteAction: before?.deleteAction ?? "remove", removeAfterDays: before?.removeAfterDays ?? null };
    const to = { deleteAction, removeAfterDays: days };
    const who: AuditActor = { memberId: actor.memberId };
    const { actorLabel } = await actorColumns(tx, workspaceId, who);
    await tx.offboardingPolicy.upsert({
      where: { workspaceId },
      create: { workspaceId, ...to, updatedByLabel: actorLabel },
      update: { ...to, updatedByLabel: actorLabel },
    });
    if (from.deleteAction !== to.deleteAction || from.removeAfterDays !== to.removeAfterDays) {
      await recordAudit(
        tx,
        workspaceId,
        { memberId: actor.memberId, label: actorLabel },
        "workspace.offboarding_changed",
        { type: "workspace", id: workspaceId, label: "Offboarding policy" },
        { from, to },
      );
    }
    return to;
  });
}

export interface RemovalCandidate {
  id: string;
  userName: string;
  displayName: string | null;
  suspendedAt: Date;
  /** when the policy removes them (suspendedAt + N days) */
  removeAt: Date;
}

/** Members suspended by SCIM, oldest suspension first, with the date `days` would remove them (a dry run:
 * nothing changes). Owners are never removed automatically. */
export async function removalPreviewIn(
  db: Db,
  workspaceId: string,
  days: number,
  take = 50,
): Promise<RemovalCandidate[]> {
  const rows = await db.member.findMany({
    where: { workspaceId, status: "suspended", scimSuspendedAt: { not: null }, role: { not: "owner" } },
    orderBy: [{ scimSuspendedAt: "asc" }, { id: "asc" }],
    take,
    select: { id: true, userName: true, displayName: true, scimSuspendedAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    userName: r.userName,
    displayName: r.displayName,
    suspendedAt: r.scimSuspendedAt!,
    removeAt: new Date(r.scimSuspendedAt!.getTime() + days * DAY),
  }));
}

/** {@link removalPreviewIn} on the app's connection. */
export async function removalPreview(workspaceId: string, days: number, take = 50): Promise<RemovalCandidate[]> {
  return removalPreviewIn(await getDb(), workspaceId, days, take);
}

export interface SuspendedSeats {
  /** members suspended by SCIM (not by hand) */
  scimSuspended: number;
  removeAfterDays: number | null;
  /** of those, removed at the policy's next run */
  dueNow: number;
  /** … and within the next 7 days */
  dueWithinWeek: number;
}

export async function suspendedSeats(workspaceId: string, now = new Date()): Promise<SuspendedSeats> {
  const db = await getDb();
  const policy = await getOffboardingPolicyIn(db, workspaceId);
  const base = { workspaceId, status: "suspended", scimSuspendedAt: { not: null }, role: { not: "owner" } } as const;
  const scimSuspended = await db.member.count({
    where: { workspaceId, status: "suspended", scimSuspendedAt: { not: null } },
  });
  if (policy.removeAfterDays === null) return { scimSuspended, removeAfterDays: null, dueNow: 0, dueWithinWeek: 0 };
  const cutoff = new Date(now.getTime() - policy.removeAfterDays * DAY);
  const [dueNow, dueWithinWeek] = await Promise.all([
    db.member.count({ where: { ...base, scimSuspendedAt: { lt: cutoff } } }),
    db.member.count({ where: { ...base, scimSuspendedAt: { lt: new Date(cutoff.getTime() + 7 * DAY) } } }),
  ]);
  return { scimSuspended, removeAfterDays: policy.removeAfterDays, dueNow, dueWithinWeek };
}

class AlreadyGone extends Error {}

/** Removes one member if they are still suspended by SCIM since before `cutoff`. The conditional DELETE is
 * what makes this safe with several server processes: of two concurrent runs, one deletes the row (count 1)
 * and records it; the other deletes nothing (PostgreSQL re-checks the row after the first commits) and rolls
 * back its webhook event. Returns whether this call removed them. */
async function removeOne(
  db: Db,
  workspaceId: string,
  m: RemovalCandidate,
  days: number,
  cutoff: Date,
): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      await adminMemberEventIn(tx, workspaceId, "member.removed", m.id, {});
      const gone = await tx.member.deleteMany({
        where: { id: m.id, workspaceId, status: "suspended", role: { not: "owner" }, scimSuspendedAt: { lt: cutoff } },
      });
      if (gone.count !== 1) throw new AlreadyGone();
      const detail = `Removed by the offboarding policy: suspended by SCIM on ${m.suspendedAt.toISOString().slice(0, 10)}, more than ${days} days ago`;
      await recordAudit(
        tx,
        workspaceId,
        POLICY,
        "member.removed",
        { type: "member", id: m.id, label: m.displayName || m.userName },
        { reason: "offboarding_policy", days, suspendedAt: m.suspendedAt.toISOString() },
      );
      await tx.provisioningEvent.create({
        data: {
          workspaceId,
          tokenLabel: "offboarding policy",
          method: "POLICY",
          path: `/Users/${m.id}`,
          resourceType: "User",
          resourceId: m.id,
          userName: m.userName,
          displayName: m.displayName,
          status: 204,
          detail,
          durationMs: 0,
        },
      });
    });
    return true;
  } catch (e) {
    if (e instanceof AlreadyGone) return false;
    throw e;
  }
}

/** One run of automatic removal for one workspace. Returns the ids this run removed. */
export async function removeExpiredSuspensionsIn(db: Db, workspaceId: string, now = new Date()): Promise<string[]> {
  const { removeAfterDays: days } = await getOffboardingPolicyIn(db, workspaceId);
  if (days === null) return [];
  const cutoff = new Date(now.getTime() - days * DAY);
  const removed: string[] = [];
  for (;;) {
    const due = (await removalPreviewIn(db, workspaceId, days, 100)).filter((c) => c.suspendedAt < cutoff);
    if (!due.length) return removed;
    let progressed = false;
    for (const m of due) {
      if (!(await removeOne(db, workspaceId, m, days, cutoff))) continue;
      removed.push(m.id);
      progressed = true;
    }
    if (!progressed || due.length < 100) return removed;
  }
}

/** {@link removeExpiredSuspensionsIn} on the app's connection. */
export async function removeExpiredSuspensions(workspaceId: string, now = new Date()): Promise<string[]> {
  return removeExpiredSuspensionsIn(await getDb(), workspaceId, now);
}

/** One run over every workspace with automatic removal on (the job in lib/server/offboarding-job.ts). */
export async function runOffboardingPolicies(now = new Date()): Promise<number> {
  const db = await getDb();
  const policies = await db.offboardingPolicy.findMany({
    where: { removeAfterDays: { not: null } },
    select: { workspaceId: true },
  });
  let n = 0;
  for (const p of policies) n += (await removeExpiredSuspensionsIn(db, p.workspaceId, now)).length;
  return n;
}
