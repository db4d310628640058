// SCIM Groups. Membership changes are set operations on the GroupMember join table inside one
// transaction (INSERT … ON CONFLICT DO NOTHING / DELETE … WHERE), never read-modify-write of a member
// list, so concurrent PATCHes from Entra never lose a change and re-adds/removes are idempotent.
import type { Db } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/scim/errors";
import { assertIndexable } from "@/lib/scim/json-limits";
import type { GroupInput } from "@/lib/scim/group-resource";
import type { GroupPatchPlan } from "@/lib/scim/patch";
import { isUniqueViolation } from "./errors";
import { inOrder, queryIds, type ListQuery } from "./scim-list";
import { SCIM_TX_OPTIONS, type ScimScope } from "./scim-scope";
import { SqlBuilder } from "./scim-sql";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

function duplicateName(name: string) {
  return conflict(`A group named "${name}" already exists in this workspace (displayName is compared case-insensitively)`);
}

export async function getGroup(db: Db, scope: ScimScope, id: string) {
  const g = await db.group.findFirst({ where: { id, workspaceId: scope.workspaceId } });
  if (!g) throw notFound(`Group ${id} not found`);
  return g;
}

export async function listGroups(db: Db, scope: ScimScope, q: ListQuery) {
  const { totalResults, ids } = await queryIds(db, scope, "Group", q);
  const rows = ids.length ? await db.group.findMany({ where: { id: { in: ids }, workspaceId: scope.workspaceId } }) : [];
  return { totalResults, rows: inOrder(ids, rows) };
}

/** Members of the given groups for rendering, as `{ value, display }`. */
export async function membersOf(db: Db, groupIds: string[]) {
  const rows = await db.groupMember.findMany({
    where: { groupId: { in: groupIds } },
    select: { groupId: true, memberId: true, member: { select: { displayName: true, userName: true } } },
    orderBy: [{ createdAt: "asc" }, { memberId: "asc" }],
  });
  const byGroup = new Map<string, { value: string; display: string }[]>(groupIds.map((id) => [id, []]));
  for (const r of rows) byGroup.get(r.groupId)!.push({ value: r.memberId, display: r.member.displayName ?? r.member.userName });
  return byGroup;
}

/** Adds members by id, only those that are members of this workspace; existing memberships stay. */
async function addMembers(tx: Tx, scope: ScimScope, groupId: string, ids: string[]) {
  const unique = [...new Set(ids)].filter((id) => id.length > 0 && id.length <= 200);
  if (unique.length === 0) return;
  const b = new SqlBuilder(scope.provider);
  const now = new Date().toISOString();
  const created = scope.provider === "postgres" ? `${b.param(now.replace("T", " ").replace("Z", ""))}::timestamp` : b.param(now.replace("Z", "+00:00"));
  const sql =
    `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId", "createdAt") ` +
    `SELECT ${b.param(groupId)}, m."id", m."workspaceId", ${created} FROM "Member" m ` +
    `WHERE m."workspaceId" = ${b.param(scope.workspaceId)} AND m."id" IN (${unique.map((id) => b.param(id)).join(", ")}) ` +
    `ON CONFLICT DO NOTHING`;
  const q = b.finalize(sql);
  await tx.$executeRawUnsafe(q.sql, ...q.params);
}

async function removeMembers(tx: Tx, groupId: string, ids: string[] | "all") {
  await tx.groupMember.deleteMany({ where: ids === "all" ? { groupId } : { groupId, memberId: { in: ids } } });
}

export async function createGroup(db: Db, scope: ScimScope, input: GroupInput) {
  assertIndexable("displayName", input.displayName);
  assertIndexable("externalId", input.externalId);
  try {
    return await db.$transaction(async (tx) => {
      const group = await tx.group.create({
        data: {
          workspaceId: scope.workspaceId,
          displayName: input.displayName,
          displayNameLower: input.displayName.toLowerCase(),
          externalId: input.externalId,
          source: "scim",
          scimTokenId: scope.tokenId,
        },
      });
      if (input.members?.length) await addMembers(tx, scope, group.id, input.members.map((m) => m.value));
      return group;
    }, SCIM_TX_OPTIONS);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(input.displayName);
    throw e;
  }
}

/** Applies a PATCH plan atomically. Updating the group row first takes its write lock, which
 * serialises concurrent PATCHes of the same group on PostgreSQL (SQLite has one writer anyway). */
export async function patchGroup(db: Db, scope: ScimScope, id: string, plan: GroupPatchPlan) {
  assertIndexable("displayName", plan.displayName);
  assertIndexable("externalId", plan.externalId);
  try {
    return await db.$transaction(async (tx) => {
      const res = await tx.group.updateMany({
        where: { id, workspaceId: scope.workspaceId },
        data: {
          version: { increment: 1 },
          ...(plan.displayName !== undefined ? { displayName: plan.displayName, displayNameLower: plan.displayName.toLowerCase() } : {}),
          ...(plan.externalId !== undefined ? { externalId: plan.externalId } : {}),
        },
      });
      if (res.count === 0) throw notFound(`Group ${id} not found`);
      for (const step of plan.steps) {
        if (step.kind === "add") await addMembers(tx, scope, id, step.members.map((m) => m.value));
        else if (step.kind === "remove") await removeMembers(tx, id, step.ids);
        else if (step.kind === "removeAll") await removeMembers(tx, id, "all");
        else {
          await removeMembers(tx, id, "all");
          await addMembers(tx, scope, id, step.members.map((m) => m.value));
        }
      }
      return tx.group.findUniqueOrThrow({ where: { id } });
    }, SCIM_TX_OPTIONS);
  } catch (e) {
    if (isUniqueViolation(e) && plan.displayName !== undefined) throw duplicateName(plan.displayName);
    throw e;
  }
}

/** PUT: replaces name, externalId and the whole member list. */
export function replaceGroup(db: Db, scope: ScimScope, id: string, input: GroupInput) {
  return patchGroup(db, scope, id, {
    displayName: input.displayName,
    externalId: input.externalId,
    steps: [{ kind: "replace", members: input.members ?? [] }],
  });
}

export async function deleteGroup(db: Db, scope: ScimScope, id: string) {
  const existing = await getGroup(db, scope, id);
  const res = await db.group.deleteMany({ where: { id, workspaceId: scope.workspaceId } });
  if (res.count === 0) throw notFound(`Group ${id} not found`);
  return existing;
}
