// An owner's side of the mass-deprovisioning guardrail (guardrail.ts): the held changes, Approve (applied
// in the order they arrived, through the same SCIM service calls, so the owner guard, webhooks and the
// provisioning log behave as if the request had gone through), Discard, and the settings. Every decision
// is in the audit trail. Only an active owner of the workspace may decide (checked here as well as in the
// server actions).
import { getDb, type Db } from "@/lib/db/client";
import { database } from "@/lib/db/client";
import { scimBaseUrl } from "@/lib/config";
import { parsePatchRequest } from "@/lib/scim/patch";
import { ScimError } from "@/lib/scim/errors";
import { recordAudit, type AuditActor } from "./audit";
import { DomainError } from "./errors";
import { DEFAULT_GUARD, type GuardSettings } from "./guardrail";
import { flushProvisioningLog, recordEvent } from "./provisioning-log";
import { deleteUser, patchUser } from "./scim/users";
import type { ScimScope } from "./scim/scope";
import { log } from "@/lib/log";

const TARGET = { type: "workspace" as const, label: "Deprovisioning guardrail" };
const SUSPEND = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [{ op: "replace", path: "active", value: false }],
};

export async function guardSettingsIn(db: Db, workspaceId: string): Promise<GuardSettings> {
  const row = await db.deprovisionGuard.findUnique({ where: { workspaceId } });
  if (!row) return { ...DEFAULT_GUARD };
  return {
    enabled: row.enabled,
    windowMinutes: row.windowMinutes,
    thresholdPercent: row.thresholdPercent,
    minPeople: row.minPeople,
  };
}

/** {@link guardSettingsIn} on the app's connection. */
export async function guardSettings(workspaceId: string): Promise<GuardSettings> {
  return guardSettingsIn(await getDb(), workspaceId);
}

export function heldChangesIn(db: Db, workspaceId: string) {
  return db.deprovisionIntent.findMany({
    where: { workspaceId, state: "held" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** {@link heldChangesIn} on the app's connection. */
export async function heldChanges(workspaceId: string) {
  return heldChangesIn(await getDb(), workspaceId);
}

export async function heldCount(workspaceId: string) {
  const db = await getDb();
  return db.deprovisionIntent.count({ where: { workspaceId, state: "held" } });
}

async function assertOwner(db: Db, workspaceId: string, memberId: string) {
  const owner = await db.member.findFirst({
    where: { id: memberId, workspaceId, role: "owner", status: "active" },
    select: { id: true },
  });
  if (!owner) throw new DomainError("forbidden", "Only workspace owners can decide on changes held by the guardrail.");
}

/** Owner powers of the token that sent the held request, as verifyBearer computes them now. */
async function tokenOwnerPowers(db: Db, workspaceId: string, tokenId: string | null) {
  if (!tokenId) return false;
  const t = await db.scimToken.findFirst({
    where: { id: tokenId, workspaceId },
    select: { createdByOperator: true, createdByMemberId: true },
  });
  if (!t) return false;
  if (t.createdByOperator) return true;
  if (!t.createdByMemberId) return false;
  return (
    (await db.member.count({ where: { id: t.createdByMemberId, workspaceId, role: "owner", status: "active" } })) > 0
  );
}

export interface Decision {
  applied: number;
  failed: { userName: string; reason: string }[];
  skipped: number;
}

/** Applies every held change, oldest first. A change that no longer applies (the member is gone, an
 * owner the token may not touch) is marked failed with the reason; the rest go on. */
export async function approveHeld(workspaceId: string, actor: { memberId: string; label?: string }): Promise<Decision> {
  const db = await getDb();
  await assertOwner(db, workspaceId, actor.memberId);
  const { sql, provider } = database();
  const decidedBy = actor.label ?? actor.memberId;
  const result: Decision = { applied: 0, failed: [], skipped: 0 };
  const names: string[] = [];
  for (const h of await heldChangesIn(db, workspaceId)) {
    // Claimed first, so a reactivation or a second approval racing this one never applies it twice.
    const claimed = await db.deprovisionIntent.updateMany({
      where: { id: h.id, workspaceId, state: "held" },
      data: { state: "approved", decidedAt: new Date(), decidedBy },
    });
    if (claimed.count === 0) {
      result.skipped++;
      continue;
    }
    const started = performance.now();
    const scope: ScimScope = {
      workspaceId,
      tokenId: h.tokenId,
      tokenLabel: h.tokenLabel,
      baseUrl: scimBaseUrl(),
      provider,
      ownerPowers: await tokenOwnerPowers(db, workspaceId, h.tokenId),
      notes: [],
      guardrail: "bypass",
    };
    let status = h.kind === "remove" ? 204 : 200;
    let detail = `held by the guardrail; approved by ${decidedBy}`;
    try {
      if (h.kind === "remove") await deleteUser(scope, h.memberId);
      else await patchUser(scope, h.memberId, parsePatchRequest(SUSPEND));
      result.applied++;
      names.push(h.userName);
    } catch (e) {
      const reason = e instanceof ScimError || e instanceof DomainError ? e.message : "the change could not be applied";
      status = e instanceof ScimError ? e.status : 500;
      detail = `${detail}, not applied: ${reason}`;
      result.failed.push({ userName: h.userName, reason });
      await db.deprovisionIntent.update({ where: { id: h.id }, data: { state: "failed", detail: reason } });
      if (!(e instanceof ScimError || e instanceof DomainError)) log.error({ err: e }, "guardrail approval failed");
    }
    recordEvent(sql, {
      workspaceId,
      tokenId: h.tokenId,
      tokenLabel: h.tokenLabel,
      method: h.method,
      path: h.path,
      resourceType: "User",
      resourceId: h.memberId,
      userName: h.userName,
      displayName: h.displayName,
      status,
      detail,
      changes: h.kind === "suspend" && status === 200 ? JSON.stringify({ paths: ["active"], active: false }) : null,
      durationMs: performance.now() - started,
    });
  }
  await flushProvisioningLog(); // the log page shows them right away
  await recordAudit(db, workspaceId, actor, "guardrail.approved", TARGET, {
    applied: result.applied,
    failed: result.failed.length,
    members: names.slice(0, 50),
  });
  return result;
}

/** Drops every held change. The identity provider believes they were applied: restarting provisioning
 * (Entra: "Restart provisioning") makes it compare everything again and send what is still needed. */
export async function discardHeld(workspaceId: string, actor: { memberId: string; label?: string }) {
  const db = await getDb();
  await assertOwner(db, workspaceId, actor.memberId);
  const held = await heldChangesIn(db, workspaceId);
  const ids = held.map((h) => h.id);
  const { count } = await db.deprovisionIntent.updateMany({
    where: { id: { in: ids }, workspaceId, state: "held" },
    data: { state: "discarded", decidedAt: new Date(), decidedBy: actor.label ?? actor.memberId },
  });
  await recordAudit(db, workspaceId, actor, "guardrail.discarded", TARGET, {
    discarded: count,
    members: held.slice(0, 50).map((h) => h.userName),
  });
  return { discarded: count };
}

/** The limits the settings form and the CLI accept. */
export const GUARD_LIMITS = {
  windowMinutes: { min: 5, max: 10_080 },
  thresholdPercent: { min: 1, max: 100 },
  minPeople: { min: 1, max: 100_000 },
} as const;

function assertInLimits(s: GuardSettings) {
  for (const [k, { min, max }] of Object.entries(GUARD_LIMITS)) {
    const v = s[k as keyof typeof GUARD_LIMITS];
    if (!Number.isInteger(v) || v < min || v > max)
      throw new DomainError("invalid", `Enter a whole number from ${min} to ${max}.`, k);
  }
}

/** An owner changes the settings (audited). */
export async function saveGuardSettings(
  workspaceId: string,
  actor: { memberId: string; label?: string },
  s: GuardSettings,
) {
  const db = await getDb();
  await assertOwner(db, workspaceId, actor.memberId);
  await saveGuardSettingsAsIn(db, workspaceId, actor, s);
}

/** The settings written for `actor` without the owner check: the operator's CLI. */
export async function saveGuardSettingsAsIn(db: Db, workspaceId: string, actor: AuditActor, s: GuardSettings) {
  assertInLimits(s);
  const before = await guardSettingsIn(db, workspaceId);
  const data = {
    enabled: s.enabled,
    windowMinutes: s.windowMinutes,
    thresholdPercent: s.thresholdPercent,
    minPeople: s.minPeople,
    updatedAt: new Date(),
  };
  await db.$transaction(async (tx) => {
    await tx.deprovisionGuard.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
    await recordAudit(tx, workspaceId, actor, "guardrail.settings_changed", TARGET, { from: before, to: s });
  });
}

/** {@link saveGuardSettingsAsIn} on the app's connection. */
export async function saveGuardSettingsAs(workspaceId: string, actor: AuditActor, s: GuardSettings) {
  return saveGuardSettingsAsIn(await getDb(), workspaceId, actor, s);
}

/** Active members: what the guardrail's percentage is of. */
export async function activeMemberCount(workspaceId: string) {
  const db = await getDb();
  return db.member.count({ where: { workspaceId, status: "active" } });
}
