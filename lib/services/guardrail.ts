// The mass-deprovisioning guardrail: SCIM suspensions and removals beyond a budget per sliding window
// are held for an owner's review instead of applied (a scoping mistake in the identity provider must not
// suspend the whole workspace in one cycle). Every deprovisioning intent passes `guardDeprovision`, inside
// the transaction that would apply it, after the owner checks and before the write (so whatever a DELETE
// ends up doing — remove, or suspend under an offboarding policy — is counted and held at this one place).
//
// Budget: max(minPeople, ⌊percent × (active members + deprovisions applied in the window)⌋). Adding back
// what the window already applied keeps the budget at the workspace's size when the cycle started (500
// active → 50), instead of shrinking with every suspension it allows.
// Concurrency: the workspace's DeprovisionGuard row is locked (PostgreSQL FOR UPDATE, across processes);
// SQLite runs one write transaction at a time (BEGIN IMMEDIATE).
import { randomUUID } from "node:crypto";
import { toBool, toDate, type Work } from "@/lib/db/sql";
import { auditColumnsFor, memberLabel, tokenActorLabel } from "./audit";
import type { ScimScope } from "./scim/scope";
import { execute, insertInto, select, type MemberRow } from "./scim/rows";

export type DeprovisionKind = "suspend" | "remove";

export interface GuardSettings {
  enabled: boolean;
  windowMinutes: number;
  thresholdPercent: number;
  minPeople: number;
}

export const DEFAULT_GUARD: GuardSettings = { enabled: true, windowMinutes: 60, thresholdPercent: 10, minPeople: 10 };

/** What the provisioning log says for a held request (the admin filters on it). */
export const HELD_NOTE =
  "held by the guardrail: not applied until an owner approves it (Settings → Deprovisioning guardrail)";

/** The budget of deprovisions a window allows. */
export function deprovisionBudget(s: GuardSettings, activeMembers: number, appliedInWindow: number): number {
  return Math.max(s.minPeople, Math.floor(((activeMembers + appliedInWindow) * s.thresholdPercent) / 100));
}

function toSettings(r: Record<string, unknown>): GuardSettings {
  return {
    enabled: toBool(r.enabled),
    windowMinutes: Number(r.windowMinutes),
    thresholdPercent: Number(r.thresholdPercent),
    minPeople: Number(r.minPeople),
  };
}

/** Reads and locks the workspace's guard row, creating it with the defaults when missing. A workspace
 * that turned the guardrail off is only read, never locked, so its deprovisions do not queue on the row. */
function* lockGuard(scope: ScimScope): Work<GuardSettings> {
  const read = (lock: string) =>
    select(
      scope.provider,
      (b) => `SELECT * FROM "DeprovisionGuard" WHERE "workspaceId" = ${b.param(scope.workspaceId)}${lock}`,
    );
  const forUpdate = scope.provider === "postgres" ? " FOR UPDATE" : "";
  let rows = yield* read("");
  if (rows.length && !toBool(rows[0].enabled)) return toSettings(rows[0]);
  if (!rows.length) {
    yield* execute(
      scope.provider,
      (b) =>
        `${insertInto("DeprovisionGuard", { workspaceId: scope.workspaceId, updatedAt: new Date() }, b)} ON CONFLICT ("workspaceId") DO NOTHING`,
    );
  }
  if (forUpdate || !rows.length) rows = yield* read(forUpdate);
  return toSettings(rows[0]);
}

/** Is this write a deprovisioning intent (an active or invited member would become suspended)? */
export function isSuspension(existing: { status: string }, nextActive: boolean): boolean {
  return !nextActive && existing.status !== "suspended";
}

/** Counts one deprovisioning intent; true when it is held (the caller then applies nothing of it). Runs
 * inside the transaction that would apply it. */
export function* guardDeprovision(scope: ScimScope, member: MemberRow, kind: DeprovisionKind): Work<boolean> {
  // "off" was read with the token: the same answer lockGuard would give, since a disabled guard row is
  // read, never locked. A guardrail switched on meanwhile counts the requests authenticated after it.
  if (scope.guardrail === "bypass" || scope.guardrail === "off") return false;
  const settings = yield* lockGuard(scope);
  if (!settings.enabled) return false;
  const held = yield* select(
    scope.provider,
    (b) =>
      `SELECT "kind" FROM "DeprovisionIntent" WHERE "workspaceId" = ${b.param(scope.workspaceId)} AND "memberId" = ${b.param(member.id)} AND "state" = 'held'`,
  );
  // A member with a held change stays held: a retried suspension is the same intent; a DELETE after a
  // held suspension is held too (applying it would take the person out before the owner decided).
  if (held.some((r) => r.kind === kind || r.kind === "remove")) return markHeld(scope);
  if (held.length) return yield* record(scope, member, kind, "held");
  const since = new Date(Date.now() - settings.windowMinutes * 60_000);
  const [counted] = yield* select(
    scope.provider,
    (b) =>
      `SELECT COUNT(*) AS "n" FROM "DeprovisionIntent" WHERE "workspaceId" = ${b.param(scope.workspaceId)} AND "state" = 'applied' ` +
      `AND "createdAt" > ${b.param(since)}`,
  );
  const applied = Number(counted.n);
  // Below the minimum nothing needs the active members counted (a COUNT over the workspace's members).
  if (applied < settings.minPeople) return yield* record(scope, member, kind, "applied");
  const [active] = yield* select(
    scope.provider,
    (b) =>
      `SELECT COUNT(*) AS "n" FROM "Member" WHERE "workspaceId" = ${b.param(scope.workspaceId)} AND "status" = 'active'`,
  );
  const budget = deprovisionBudget(settings, Number(active.n), applied);
  return yield* record(scope, member, kind, applied < budget ? "applied" : "held");
}

function markHeld(scope: ScimScope): boolean {
  scope.held = true;
  if (!scope.notes.includes(HELD_NOTE)) scope.notes.push(HELD_NOTE);
  return true;
}

function* record(scope: ScimScope, member: MemberRow, kind: DeprovisionKind, state: "applied" | "held"): Work<boolean> {
  const req = scope.request;
  yield* execute(scope.provider, (b) =>
    insertInto(
      "DeprovisionIntent",
      {
        id: randomUUID(),
        workspaceId: scope.workspaceId,
        memberId: member.id,
        kind,
        state,
        method: req?.method ?? (kind === "remove" ? "DELETE" : "PATCH"),
        path: req?.path ?? `/scim/v2/Users/${member.id}`,
        body: req?.body === undefined ? null : JSON.stringify(req.body),
        tokenId: scope.tokenId,
        tokenLabel: scope.tokenLabel ?? null,
        userName: member.userName,
        displayName: member.displayName,
        createdAt: new Date(),
      },
      b,
    ),
  );
  if (state === "applied") return false;
  // The audit trail shows who held what: one entry per held change, the token as actor (the owner's
  // Approve/Discard decisions follow as guardrail.approved/discarded).
  yield* execute(scope.provider, (b) =>
    insertInto(
      "AuditEvent",
      {
        id: randomUUID(),
        ...auditColumnsFor(
          scope.workspaceId,
          tokenActorLabel(scope.tokenLabel),
          "guardrail.held",
          { type: "member", id: member.id, label: memberLabel(member) },
          {
            change: kind === "remove" ? "removal" : "suspension",
            request: `${req?.method ?? (kind === "remove" ? "DELETE" : "PATCH")} ${req?.path ?? `/scim/v2/Users/${member.id}`}`,
          },
        ),
        createdAt: new Date(),
      },
      b,
    ),
  );
  return markHeld(scope);
}

/** A reactivation (active=true from the identity provider) cancels the member's held changes: the
 * provider now wants the person in. Returns how many it cancelled. */
export function* cancelHeld(scope: ScimScope, memberId: string): Work<number> {
  const n = yield* execute(
    scope.provider,
    (b) =>
      `UPDATE "DeprovisionIntent" SET "state" = 'cancelled', "decidedAt" = ${b.param(new Date())}, "decidedBy" = 'identity provider', ` +
      `"detail" = 'reactivated by the identity provider while held' ` +
      `WHERE "workspaceId" = ${b.param(scope.workspaceId)} AND "memberId" = ${b.param(memberId)} AND "state" = 'held'`,
  );
  if (n) scope.notes.push(`cancelled ${n === 1 ? "a change" : `${n} changes`} held by the guardrail (reactivated)`);
  return n;
}

/** Row of a held change as the review page and tests read it. */
export function toIntent(r: Record<string, unknown>) {
  return {
    id: r.id as string,
    memberId: r.memberId as string,
    kind: r.kind as DeprovisionKind,
    state: r.state as string,
    method: r.method as string,
    path: r.path as string,
    body: (r.body as string | null) ?? null,
    tokenId: (r.tokenId as string | null) ?? null,
    tokenLabel: (r.tokenLabel as string | null) ?? null,
    userName: r.userName as string,
    displayName: (r.displayName as string | null) ?? null,
    createdAt: toDate(r.createdAt),
  };
}
export type Intent = ReturnType<typeof toIntent>;
