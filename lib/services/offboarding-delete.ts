// The SCIM side of the offboarding policy (offboarding.ts): under "suspend", a hard DELETE from the
// identity provider suspends the member instead of removing them, so the change can be undone. Runs inside
// the DELETE's transaction, after the owner checks.
import type { Work } from "@/lib/db/sql";
import type { Provider } from "@/lib/db/url";
import { ScimError } from "@/lib/scim/errors";
import { MEMBER_ROW, byIdInWorkspace, select, toMember, type MemberRow } from "./scim/rows";
import type { ScimScope } from "./scim/scope";
import { memberChangeType, memberData, withEvents, type OutboxEvent } from "./webhook-outbox";

export type DeleteAction = "remove" | "suspend";

/** What a SCIM DELETE of a user does in this workspace (no policy row: remove). */
export function* deleteActionWork(provider: Provider, workspaceId: string): Work<DeleteAction> {
  const rows = yield* select(
    provider,
    (b) => `SELECT "deleteAction" FROM "OffboardingPolicy" WHERE "workspaceId" = ${b.param(workspaceId)}`,
  );
  return rows[0]?.deleteAction === "suspend" ? "suspend" : "remove";
}

/** Suspends the member (active=false) and notes it for the provisioning log. The identity provider gets
 * its 204 either way; the member keeps their groups and data until an admin or the policy removes them. */
export function* suspendInsteadOfDelete(scope: ScimScope, existing: MemberRow): Work<MemberRow> {
  const now = new Date();
  const events = (): OutboxEvent[] =>
    existing.status === "suspended"
      ? []
      : [
          {
            type: memberChangeType(existing.status, "suspended"),
            subjectId: existing.id,
            data: memberData({ ...existing, active: false, status: "suspended" }, "scim"),
          },
        ];
  const attributes = JSON.stringify({ ...(JSON.parse(existing.attributes) as Record<string, unknown>), active: false });
  const rows = yield* withEvents(
    scope,
    (b) =>
      `UPDATE "Member" SET "active" = ${b.bool(false)}, "status" = 'suspended', "attributes" = ${b.param(attributes)}, ` +
      `"scimSuspendedAt" = COALESCE("scimSuspendedAt", ${b.param(now)}), "updatedAt" = ${b.param(now)}, "version" = "version" + 1 ` +
      `WHERE ${byIdInWorkspace(existing.id, scope.workspaceId, b)} RETURNING ${MEMBER_ROW}`,
    events,
  );
  if (!rows.length) throw new ScimError(404, `User ${existing.id} not found`);
  scope.notes.push("suspended instead of removed (offboarding policy)");
  if (existing.active) scope.changes = { paths: ["active"], active: false };
  return { ...toMember(rows[0]), manager: existing.manager };
}
