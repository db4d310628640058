// SCIM Groups. Membership changes are set operations on the GroupMember join table inside one
// transaction (INSERT … ON CONFLICT DO NOTHING / DELETE … WHERE), never read-modify-write of a member
// list, so concurrent PATCHes from Entra never lose a change and re-adds/removes are idempotent. Queries go
// through the driver-level SQL of lib/db/sql.ts (see there why).
import type { Sql, Work } from "@/lib/db/sql";
import { conflict, notFound } from "@/lib/scim/errors";
import { assertPrecondition, etagMatches, type Precondition } from "@/lib/scim/etag";
import { assertIndexable } from "@/lib/scim/json-limits";
import type { GroupInput } from "@/lib/scim/group/resource";
import { netMemberChange, type GroupPatchPlan, type NetMemberChange } from "@/lib/scim/patch";
import { isUniqueViolation } from "../errors";
import { queryPage, type ListQuery } from "./list";
import { uuidv7 } from "@/lib/uuid7";
import { scimSql } from "./access";
import { renderGroups, type GroupView, type Resource } from "./render";
import {
  GROUP_ROW,
  byIdInWorkspace,
  execute,
  inList,
  insertInto,
  sameWorkspace,
  select,
  setList,
  statementOrNull,
  toGroup,
  type GroupRow,
} from "./rows";
import { SqlBuilder } from "./sql";
import { atomic, type ScimScope } from "./scope";
import {
  enqueue,
  eventsFor,
  groupChangeEvents,
  outboxInsertSql,
  withEvents,
  type OutboxEvent,
} from "../webhook-outbox";
import { foldCase } from "@/lib/scim/fold";

function duplicateName(name: string) {
  return conflict(
    `A group named "${name}" already exists in this workspace (displayName is compared case-insensitively)`,
  );
}

function* findGroup(scope: ScimScope, id: string): Work<GroupRow | null> {
  const rows = yield* select(
    scope.provider,
    (b) => `SELECT ${GROUP_ROW} FROM "Group" WHERE ${byIdInWorkspace(id, scope.workspaceId, b)}`,
  );
  return rows.length ? toGroup(rows[0]) : null;
}

/** GET /Groups/{id}: the row, and its resource unless the client's copy is current (`unless`, from
 * If-None-Match: then null, and the members are not read). */
export async function getGroup(
  scope: ScimScope,
  id: string,
  view: GroupView,
  unless: Precondition = null,
): Promise<{ row: GroupRow; resource: Resource | null }> {
  const sql = await scimSql();
  const row = await sql.query(() => findGroup(scope, id));
  if (!row) throw notFound(`Group ${id} not found`);
  if (unless && etagMatches(unless, row.version)) return { row, resource: null };
  const [resource] = await renderGroups(sql, scope, [row], view);
  return { row, resource };
}

/** GET /Groups: one page of the workspace's groups, rendered. */
export async function listGroups(scope: ScimScope, q: ListQuery, view: GroupView) {
  const sql = await scimSql();
  const { totalResults, rows } = await sql.query(function* () {
    const page = yield* queryPage(scope, "Group", q);
    return { totalResults: page.totalResults, rows: page.rows.map(toGroup) };
  });
  return { totalResults, rows, resources: await renderGroups(sql, scope, rows, view) };
}

/** The membership DELETE of a net change (null when it removes nothing). `gate` is SQL that must hold
 * for the statement to act (the single-statement PATCH below). */
function deleteMembersSql(b: SqlBuilder, groupId: string, change: NetMemberChange, gate = ""): string | null {
  let which: string;
  if (change.reset) which = change.add.length ? ` AND "memberId" NOT IN (${inList(change.add, b)})` : "";
  else if (change.remove.length) which = ` AND "memberId" IN (${inList(change.remove, b)})`;
  else return null;
  return `DELETE FROM "GroupMember" WHERE "groupId" = ${b.param(groupId)}${which}${gate}`;
}

/** The membership INSERT of a net change: only ids of members of this workspace; existing memberships
 * stay as they are (ON CONFLICT DO NOTHING). Null when it adds nothing. */
function insertMembersSql(
  b: SqlBuilder,
  scope: ScimScope,
  groupId: string,
  change: NetMemberChange,
  now: Date,
  gate = "",
): string | null {
  const ids = change.add.filter((id) => id.length > 0 && id.length <= 200);
  if (ids.length === 0) return null;
  // PostgreSQL types a parameter in an INSERT … SELECT list as text unless told otherwise.
  const cast = scope.provider === "postgres" ? "::timestamp(3)" : "";
  return (
    `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId", "createdAt") ` +
    `SELECT ${b.param(groupId)}, m."id", m."workspaceId", ${b.param(now)}${cast} FROM "Member" m ` +
    `WHERE m."id" IN (${inList(ids, b)}) AND ${sameWorkspace(`m."workspaceId"`, scope.workspaceId, b)}${gate} ` +
    `ON CONFLICT DO NOTHING`
  );
}

/** Applies a net membership change inside a transaction. */
function* changeMembers(scope: ScimScope, groupId: string, change: NetMemberChange, now: Date): Work<void> {
  const del = statementOrNull(scope.provider, (b) => deleteMembersSql(b, groupId, change));
  if (del) yield del;
  const ins = statementOrNull(scope.provider, (b) => insertMembersSql(b, scope, groupId, change, now));
  if (ins) yield ins;
}

/** POST /Groups: the group created (with its first members), and its resource. */
export async function createGroup(
  scope: ScimScope,
  input: GroupInput,
  view: GroupView,
): Promise<{ row: GroupRow; resource: Resource }> {
  const sql = await scimSql();
  const row = await insertGroup(sql, scope, input);
  const [resource] = await renderGroups(sql, scope, [row], view);
  return { row, resource };
}

async function insertGroup(sql: Sql, scope: ScimScope, input: GroupInput): Promise<GroupRow> {
  assertIndexable("displayName", input.displayName);
  assertIndexable("externalId", input.externalId);
  const id = uuidv7(); // time-ordered: appended to the primary-key index (lib/uuid7.ts)
  const now = new Date();
  const insertGroup = (b: SqlBuilder) =>
    insertInto(
      "Group",
      {
        id,
        workspaceId: scope.workspaceId,
        displayName: input.displayName,
        displayNameLower: foldCase(input.displayName),
        externalId: input.externalId,
        source: "scim",
        scimTokenId: scope.tokenId,
        attributes: "{}",
        createdAt: now,
        updatedAt: now,
        version: 1,
      },
      b,
    ) + ` RETURNING ${GROUP_ROW}`;
  const members = netMemberChange([{ kind: "add", members: input.members ?? [] }]);
  const created = (): OutboxEvent[] => [
    {
      type: "group.created",
      subjectId: id,
      data: { id, displayName: input.displayName, externalId: input.externalId, source: "scim" },
    },
  ];
  try {
    // Without members (Entra's create) one INSERT … RETURNING is atomic by itself: one round trip.
    if (members.add.length === 0)
      return toGroup((await atomic(sql, scope)(() => withEvents(scope, insertGroup, created)))[0]);
    return await sql.transaction(function* () {
      const [row] = yield* withEvents(scope, insertGroup, created);
      yield* changeMembers(scope, id, members, now);
      yield* enqueue(scope, () => groupChangeEvents(id, members, {}, "scim"));
      return toGroup(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(input.displayName);
    throw e;
  }
}

/** The group attributes a PATCH changes, for its webhook event. */
function patchedAttributes(plan: GroupPatchPlan) {
  return {
    ...(plan.displayName !== undefined ? { displayName: plan.displayName } : {}),
    ...(plan.externalId !== undefined ? { externalId: plan.externalId } : {}),
  };
}

/** The group columns a PATCH writes. */
function patchedColumns(plan: GroupPatchPlan, now: Date): Record<string, unknown> {
  const data: Record<string, unknown> = { updatedAt: now };
  if (plan.displayName !== undefined)
    Object.assign(data, { displayName: plan.displayName, displayNameLower: foldCase(plan.displayName) });
  if (plan.externalId !== undefined) data.externalId = plan.externalId;
  return data;
}

/** Applies a PATCH plan atomically. Updating the group row first takes its write lock, which serialises
 * concurrent PATCHes of the same group on PostgreSQL (on SQLite nothing else runs during the transaction).
 * The response shows the row from RETURNING (member changes don't touch it). */
export async function patchGroup(
  scope: ScimScope,
  id: string,
  plan: GroupPatchPlan,
  pre: Precondition = null,
): Promise<GroupRow> {
  return applyGroupPatch(await scimSql(), scope, id, plan, pre);
}

async function applyGroupPatch(
  sql: Sql,
  scope: ScimScope,
  id: string,
  plan: GroupPatchPlan,
  pre: Precondition,
): Promise<GroupRow> {
  assertIndexable("displayName", plan.displayName);
  assertIndexable("externalId", plan.externalId);
  const change = netMemberChange(plan.steps);
  const now = new Date();
  try {
    // (With If-Match the transaction checks the version under the row lock.)
    if (scope.provider === "postgres" && pre === null) {
      const row = await sql.query(() => patchGroupInOneStatement(scope, id, plan, change, now));
      if (row) return row;
      // No row: the group doesn't exist, or (for a change that deletes) a concurrent PATCH of it committed
      // after this statement's snapshot. The transaction below tells which, and applies the change on
      // the fresh state.
    }
    return await sql.transaction(function* () {
      if (pre !== null) {
        // Lock the row first (SQLite: the transaction already excludes other writers), then compare.
        const lock = scope.provider === "postgres" ? " FOR UPDATE" : "";
        const current = yield* select(
          scope.provider,
          (b) => `SELECT "version" FROM "Group" WHERE ${byIdInWorkspace(id, scope.workspaceId, b)}${lock}`,
        );
        if (current.length === 0) throw notFound(`Group ${id} not found`);
        assertPrecondition(pre, Number(current[0].version), `Group ${id}`);
      }
      const updated = yield* select(
        scope.provider,
        (b) =>
          `UPDATE "Group" SET ${setList(patchedColumns(plan, now), b)}, "version" = "version" + 1 ` +
          `WHERE ${byIdInWorkspace(id, scope.workspaceId, b)} RETURNING ${GROUP_ROW}`,
      );
      if (updated.length === 0) throw notFound(`Group ${id} not found`);
      yield* changeMembers(scope, id, change, now);
      yield* enqueue(scope, () => groupChangeEvents(id, change, patchedAttributes(plan), "scim"));
      return toGroup(updated[0]);
    });
  } catch (e) {
    if (isUniqueViolation(e) && plan.displayName !== undefined) throw duplicateName(plan.displayName);
    throw e;
  }
}

/** PostgreSQL: the whole PATCH as one statement — one round trip instead of BEGIN, UPDATE, INSERT/DELETE,
 * COMMIT (Entra's membership PATCHes are the bulk of a provisioning cycle). A statement is atomic, but
 * all its parts read one snapshot, taken before the UPDATE waits for the group's row lock. Membership
 * inserts don't depend on it (ON CONFLICT sees the latest committed rows), so an add-only PATCH — Entra's
 * initial cycle, often many at once on one group — always completes here, on top of whatever the PATCHes
 * it waited for committed. A DELETE only finds rows its snapshot shows, so it would miss a membership a
 * PATCH it waited for added: when the change deletes, the UPDATE only applies while the group's version
 * is still the snapshot's (PostgreSQL re-checks that on the locked row; every membership writer bumps the
 * version under that lock). The membership DELETE and INSERT run only when the UPDATE did (their gate
 * reads its RETURNING, so they also run after it took the lock); otherwise nothing changes and the caller
 * falls back to the transaction, whose statements each see the latest state. */
function* patchGroupInOneStatement(
  scope: ScimScope,
  id: string,
  plan: GroupPatchPlan,
  change: NetMemberChange,
  now: Date,
): Work<GroupRow | null> {
  const rows = yield* select(scope.provider, (b) => {
    const gate = ` AND EXISTS (SELECT 1 FROM g)`;
    const deletes = change.reset || change.remove.length > 0;
    const snapshotVersion = deletes
      ? ` AND "version" = (SELECT "version" FROM "Group" WHERE ${byIdInWorkspace(id, scope.workspaceId, b)})`
      : "";
    const parts = [
      `g AS (UPDATE "Group" SET ${setList(patchedColumns(plan, now), b)}, "version" = "version" + 1 ` +
        `WHERE ${byIdInWorkspace(id, scope.workspaceId, b)}${snapshotVersion} RETURNING ${GROUP_ROW})`,
    ];
    const del = deleteMembersSql(b, id, change, gate);
    if (del) parts.push(`d AS (${del})`);
    const ins = insertMembersSql(b, scope, id, change, now, gate);
    if (ins) parts.push(`i AS (${ins})`);
    eventsFor(scope, () => groupChangeEvents(id, change, patchedAttributes(plan), "scim")).forEach((e, n) =>
      parts.push(`e${n} AS (${outboxInsertSql(b, scope.workspaceId, e, gate)})`),
    );
    return `WITH ${parts.join(", ")} SELECT ${GROUP_ROW} FROM g`;
  });
  return rows.length ? toGroup(rows[0]) : null;
}

/** PUT: replaces name, externalId and the whole member list; the group and its resource. */
export async function replaceGroup(
  scope: ScimScope,
  id: string,
  input: GroupInput,
  pre: Precondition,
  view: GroupView,
): Promise<{ row: GroupRow; resource: Resource }> {
  const sql = await scimSql();
  const row = await applyGroupPatch(
    sql,
    scope,
    id,
    {
      displayName: input.displayName,
      externalId: input.externalId,
      steps: [{ kind: "replace", members: input.members ?? [] }],
    },
    pre,
  );
  const [resource] = await renderGroups(sql, scope, [row], view);
  return { row, resource };
}

export async function deleteGroup(scope: ScimScope, id: string, pre: Precondition = null) {
  const sql = await scimSql();
  return sql.transaction(function* () {
    const lock = pre !== null && scope.provider === "postgres" ? " FOR UPDATE" : "";
    const rows = yield* select(
      scope.provider,
      (b) => `SELECT ${GROUP_ROW} FROM "Group" WHERE ${byIdInWorkspace(id, scope.workspaceId, b)}${lock}`,
    );
    const existing = rows.length ? toGroup(rows[0]) : null;
    if (!existing) throw notFound(`Group ${id} not found`);
    assertPrecondition(pre, existing.version, `Group ${id}`);
    // Memberships go by ON DELETE CASCADE.
    const deleted = yield* execute(
      scope.provider,
      (b) => `DELETE FROM "Group" WHERE ${byIdInWorkspace(id, scope.workspaceId, b)}`,
    );
    if (deleted === 0) throw notFound(`Group ${id} not found`);
    yield* enqueue(scope, () => [
      {
        type: "group.removed",
        subjectId: id,
        data: { id, displayName: existing.displayName, externalId: existing.externalId, source: "scim" },
      },
    ]);
    return existing;
  });
}
