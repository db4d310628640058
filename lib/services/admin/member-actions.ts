// Member mutations from the admin UI: invite, change role, suspend/reactivate, remove. Each one finds the
// target inside the caller's workspace (an id from another workspace is "not found"), applies the rules
// in member-rules.ts, and refuses to leave the workspace without an active owner.
import { otherActiveOwnersIn } from "../owners";
import { getDb, type Db } from "@/lib/db/client";
import { DomainError } from "@/lib/services/errors";
import { inviteManualMemberIn } from "@/lib/services/members";
import type { Role } from "@/lib/services/workspaces";
import { recordAudit } from "@/lib/services/audit";
import { manageRefusal, withActive, type Actor } from "./member-rules";
import { adminMemberEventIn } from "./webhook-events";
import { memberChangeType } from "../webhook-outbox";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function findTarget(tx: Tx | Db, workspaceId: string, memberId: string) {
  const m = await tx.member.findFirst({
    where: { id: memberId, workspaceId },
    select: {
      id: true,
      role: true,
      status: true,
      userName: true,
      displayName: true,
      attributes: true,
      source: true,
      accountId: true,
    },
  });
  if (!m) throw new DomainError("not_found", "No such member in this workspace.");
  return m;
}

/** Throws unless another active owner remains once `target` stops being an active owner. */
async function assertAnotherOwner(
  tx: Tx,
  workspaceId: string,
  target: { id: string; role: string; status: string },
  what: string,
) {
  if (target.role !== "owner" || target.status !== "active") return;
  const others = await otherActiveOwnersIn(tx, workspaceId, target.id);
  if (others === 0) {
    throw new DomainError(
      "last_owner",
      `You cannot ${what} the last owner. Make another member an owner first.`,
      "form",
    );
  }
}

const memberTarget = (m: { id: string; displayName: string | null; userName: string }) => ({
  type: "member" as const,
  id: m.id,
  label: m.displayName || m.userName,
});

function refuse(reason: string | null) {
  if (reason) throw new DomainError("forbidden", reason, "form");
}

export async function inviteMember(
  workspaceId: string,
  actor: Actor,
  input: { email: string; role: Role; name?: string | null },
) {
  const db = await getDb();
  refuse(actor.role !== "owner" && input.role === "owner" ? "Only owners can invite owners." : null);
  return inviteManualMemberIn(db, workspaceId, { email: input.email, role: input.role, name: input.name ?? null });
}

export async function changeMemberRole(workspaceId: string, actor: Actor, memberId: string, role: Role) {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const target = await findTarget(tx, workspaceId, memberId);
    refuse(manageRefusal(actor, target, role));
    if (target.role === role) return target;
    if (target.role === "owner") await assertAnotherOwner(tx, workspaceId, target, "demote");
    await tx.member.updateMany({ where: { id: memberId, workspaceId }, data: { role, version: { increment: 1 } } });
    await recordAudit(tx, workspaceId, actor, "member.role_changed", memberTarget(target), {
      from: target.role,
      to: role,
    });
    await adminMemberEventIn(tx, workspaceId, "member.updated", memberId, { role });
    return { ...target, role };
  });
}

/** Suspends or reactivates; the SCIM document's `active` is kept equal to the `active` column so the
 * identity provider reads back what the admin set. */
export async function setMemberSuspended(workspaceId: string, actor: Actor, memberId: string, suspended: boolean) {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const target = await findTarget(tx, workspaceId, memberId);
    refuse(manageRefusal(actor, target));
    if (suspended) {
      if (target.status === "suspended") return target;
      await assertAnotherOwner(tx, workspaceId, target, "suspend");
    } else if (target.status !== "suspended") {
      return target;
    }
    // Reactivated manual members who never joined are still only invited.
    const status = suspended ? "suspended" : target.source === "manual" && !target.accountId ? "invited" : "active";
    await tx.member.updateMany({
      where: { id: memberId, workspaceId },
      data: {
        status,
        active: !suspended,
        scimSuspendedAt: null,
        attributes: withActive(target.attributes, !suspended),
        version: { increment: 1 },
      },
    });
    await recordAudit(
      tx,
      workspaceId,
      actor,
      suspended ? "member.suspended" : "member.reactivated",
      memberTarget(target),
    );
    await adminMemberEventIn(tx, workspaceId, memberChangeType(target.status, status), memberId, {});
    return { ...target, status };
  });
}

export async function removeMember(workspaceId: string, actor: Actor, memberId: string) {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const target = await findTarget(tx, workspaceId, memberId);
    refuse(manageRefusal(actor, target));
    await assertAnotherOwner(tx, workspaceId, target, "remove");
    await adminMemberEventIn(tx, workspaceId, "member.removed", memberId, {});
    await tx.member.deleteMany({ where: { id: memberId, workspaceId } });
    // Removing someone who never joined takes back their invitation.
    await recordAudit(
      tx,
      workspaceId,
      actor,
      target.status === "invited" && !target.accountId ? "invitation.revoked" : "member.removed",
      memberTarget(target),
      { role: target.role },
    );
    return target;
  });
}
