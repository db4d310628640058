// SCIM Groups. Membership changes are set operations on the GroupMember join table inside one
// transaction (INSERT … ON CONFLICT DO NOTHING / DELETE … WHERE), never read-modify-write of a member
// list, so concurrent PATCHes from Entra never lose a change and re-adds/removes are idempotent. Queries go
// through the driver-level SQL of lib/db/sql.ts (see there why).
import { randomUUID } from "node:crypto";
import type { Sql, Work } from "@/lib/db/sql";
import { conflict, notFound } from "@/lib/scim/errors";
import { assertIndexable } from "@/lib/scim/json-limits";
import type { GroupInput } from "@/lib/scim/group-resource";
import type { GroupPatchPlan } from "@/lib/scim/patch";
import { isUniqueViolation } from "./errors";
import { inOrder, queryIds, type ListQuery } from "./scim-list";
import { execute, inList, insertInto, sameWorkspace, select, setList, toGroup, type GroupRow } from "./scim-rows";
import type { ScimScope } from "./scim-scope";

function duplicateName(name: string) {
  return conflict(`A group named "${name}" already exists in this workspace (displayName is compared case-insensitively)`);
}

function* findGroup(scope: ScimScope, id: string): Work<GroupRow | null> {
  const rows = yield* select(scope.provider, (b) => `SELECT * FROM "Group" WHERE "id" = ${b.param(id)} AND "workspaceId" = ${b.param(scope.workspaceId)}`);
  return rows.length ? toGroup(rows[0]) : null;
}

export async function getGroup(sql: Sql, scope: ScimScope, id: string) {
  const g = await sql.query(() => findGroup(scope, id));
  if (!g) throw notFound(`Group ${id} not found`);
  return g;
}

export function listGroups(sql: Sql, scope: ScimScope, q: ListQuery) {
  return sql.query(function* () {
    const { totalResults, ids } = yield* queryIds(scope, "Group", q);
    const rows = ids.length
      ? yield* select(scope.provider, (b) => `SELECT * FROM "Group" WHERE "id" IN (${inList(ids, b)}) AND ${sameWorkspace(`"workspaceId"`, scope.workspaceId, b)}`)
      : [];
    return { totalResults, rows: inOrder(ids, rows.map(toGroup)) };
  });
}

/** Members of the given groups (of this workspace) for rendering, as `{ value, display }`. */
export async function membersOf(sql: Sql, scope: ScimScope, groupIds: string[]) {
  const rows = await sql.query(() =>
    select(
      scope.provider,
      (b) =>
        `SELECT gm."groupId" AS "groupId", gm."memberId" AS "memberId", m."displayName" AS "displayName", m."userName" AS "userName" ` +
        `FROM "GroupMember" gm JOIN "Member" m ON m."id" = gm."memberId" ` +
        `WHERE gm."groupId" IN (${inList(groupIds, b)}) AND ${sameWorkspace(`gm."workspaceId"`, scope.workspaceId, b)} ` +
        `ORDER BY gm."createdAt" ASC, gm."memberId" ASC`,
    ),
  );
  const byGroup = new Map<string, { value: string; display: string }[]>(groupIds.map((id) => [id, []]));
  for (const r of rows) {
    byGroup.get(r.groupId as string)!.push({ value: r.memberId as string, display: (r.displayName as string | null) ?? (r.userName as string) });
  }
  return byGroup;
}

/** Adds members by id, only those that are members of this workspace; existing memberships stay. */
function* addMembers(scope: ScimScope, groupId: string, ids: string[], now: Date): Work<void> {
  const unique = [...new Set(ids)].filter((id) => id.length > 0 && id.length <= 200);
  if (unique.length === 0) return;
  // PostgreSQL types a parameter in an INSERT … SELECT list as text unless told otherwise.
  const cast = scope.provider === "postgres" ? "::timestamp(3)" : "";
  yield* execute(
    scope.provider,
    (b) =>
      `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId", "createdAt") ` +
      `SELECT ${b.param(groupId)}, m."id", m."workspaceId", ${b.param(now)}${cast} FROM "Member" m ` +
      `WHERE m."id" IN (${inList(unique, b)}) AND ${sameWorkspace(`m."workspaceId"`, scope.workspaceId, b)} ` +
      `ON CONFLICT DO NOTHING`,
  );
}

function* removeMembers(scope: ScimScope, groupId: string, ids: string[] | "all"): Work<void> {
  if (ids !== "all" && ids.length === 0) return;
  yield* execute(
    scope.provider,
    (b) => `DELETE FROM "GroupMember" WHERE "groupId" = ${b.param(groupId)}${ids === "all" ? "" : ` AND "memberId" IN (${inList(ids, b)})`}`,
  );
}

export async function createGroup(sql: Sql, scope: ScimScope, input: GroupInput) {
  assertIndexable("displayName", input.displayName);
  assertIndexable("externalId", input.externalId);
  const id = randomUUID();
  try {
    return await sql.transaction(function* () {
      const now = new Date();
      yield* execute(scope.provider, (b) =>
        insertInto(
          "Group",
          {
            id,
            workspaceId: scope.workspaceId,
            displayName: input.displayName,
            displayNameLower: input.displayName.toLowerCase(),
            externalId: input.externalId,
            source: "scim",
            scimTokenId: scope.tokenId,
            attributes: "{}",
            createdAt: now,
            updatedAt: now,
            version: 1,
          },
          b,
        ),
      );
      if (input.members?.length) yield* addMembers(scope, id, input.members.map((m) => m.value), now);
      return (yield* findGroup(scope, id))!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(input.displayName);
    throw e;
  }
}

/** Applies a PATCH plan atomically. Updating the group row first takes its write lock, which
 * serialises concurrent PATCHes of the same group on PostgreSQL (on SQLite nothing else runs during the
 * transaction). */
export async function patchGroup(sql: Sql, scope: ScimScope, id: string, plan: GroupPatchPlan) {
  assertIndexable("displayName", plan.displayName);
  assertIndexable("externalId", plan.externalId);
  try {
    return await sql.transaction(function* () {
      const now = new Date();
      const data: Record<string, unknown> = { updatedAt: now };
      if (plan.displayName !== undefined) Object.assign(data, { displayName: plan.displayName, displayNameLower: plan.displayName.toLowerCase() });
      if (plan.externalId !== undefined) data.externalId = plan.externalId;
      // RETURNING gives the row as the response shows it (member changes below don't touch it).
      const updated = yield* select(
        scope.provider,
        (b) =>
          `UPDATE "Group" SET ${setList(data, b)}, "version" = "version" + 1 ` +
          `WHERE "id" = ${b.param(id)} AND "workspaceId" = ${b.param(scope.workspaceId)} RETURNING *`,
      );
      if (updated.length === 0) throw notFound(`Group ${id} not found`);
      for (const step of plan.steps) {
        if (step.kind === "add") yield* addMembers(scope, id, step.members.map((m) => m.value), now);
        else if (step.kind === "remove") yield* removeMembers(scope, id, step.ids);
        else if (step.kind === "removeAll") yield* removeMembers(scope, id, "all");
        else {
          yield* removeMembers(scope, id, "all");
          yield* addMembers(scope, id, step.members.map((m) => m.value), now);
        }
      }
      return toGroup(updated[0]);
    });
  } catch (e) {
    if (isUniqueViolation(e) && plan.displayName !== undefined) throw duplicateName(plan.displayName);
    throw e;
  }
}

/** PUT: replaces name, externalId and the whole member list. */
export function replaceGroup(sql: Sql, scope: ScimScope, id: string, input: GroupInput) {
  return patchGroup(sql, scope, id, {
    displayName: input.displayName,
    externalId: input.externalId,
    steps: [{ kind: "replace", members: input.members ?? [] }],
  });
}

export function deleteGroup(sql: Sql, scope: ScimScope, id: string) {
  return sql.transaction(function* () {
    const existing = yield* findGroup(scope, id);
    if (!existing) throw notFound(`Group ${id} not found`);
    // Memberships go by ON DELETE CASCADE.
    const deleted = yield* execute(scope.provider, (b) => `DELETE FROM "Group" WHERE "id" = ${b.param(id)} AND "workspaceId" = ${b.param(scope.workspaceId)}`);
    if (deleted === 0) throw notFound(`Group ${id} not found`);
    return existing;
  });
}
