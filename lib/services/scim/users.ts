// SCIM Users = workspace members. Every function is scoped to the token's workspace. Queries go through
// the driver-level SQL of lib/db/sql.ts (see there why), with the same semantics the Prisma calls had.
import { isDeepStrictEqual } from "node:util";
import type { Row, Sql, Work } from "@/lib/db/sql";
import { ScimError, conflict, notFound } from "@/lib/scim/errors";
import { assertPrecondition, etagMatches, type Precondition } from "@/lib/scim/etag";
import { booleanValue, findKey, isObject } from "@/lib/scim/coerce";
import { assertIndexable } from "@/lib/scim/json-limits";
import { applyUserPatch, type PatchOperation } from "@/lib/scim/patch";
import { userChanges } from "@/lib/scim/user/changed-paths";
import type { UserDoc } from "@/lib/scim/user/resource";
import { roleAfterUserType, roleFromUserType, userColumns } from "./columns";
import { emailDomain, isPublicMailDomain } from "@/lib/identity/email-domain";
import { isUniqueViolation } from "../errors";
import { queryPage, type ListQuery } from "./list";
import { uuidv7 } from "@/lib/uuid7";
import { scimSql } from "./access";
import { renderUsers, type Resource, type UserView } from "./render";
import { userNameEquals } from "./sql";
import { findUser, readUser, readUserByName } from "./user-reads";
import { otherActiveOwnersWork } from "../owners";
import {
  MEMBER_ROW,
  execute,
  insertInto,
  byIdInWorkspace,
  select,
  setList,
  toListedMember,
  toMember,
  type MemberRow,
} from "./rows";
import { MAX_WRITE_ATTEMPTS, atomic, type ScimScope } from "./scope";
import { deleteActionWork, suspendInsteadOfDelete } from "../offboarding-delete";
import { enqueue, memberChangeType, memberData, withEvents, type OutboxEvent } from "../webhook-outbox";
import { cancelHeld, guardDeprovision, isSuspension } from "../guardrail";

/** GET /Users/{id}: the row, and its resource unless the client's copy is current (`unless`, from
 * If-None-Match: then null, and nothing more is read). */
export async function getUser(
  scope: ScimScope,
  id: string,
  view: UserView,
  unless: Precondition = null,
): Promise<{ row: MemberRow; resource: Resource | null }> {
  const sql = await scimSql();
  const row = await readUser(sql, scope, id, { groups: view.groups });
  if (!row) throw notFound(`User ${id} not found`);
  if (unless && etagMatches(unless, row.version)) return { row, resource: null };
  const [resource] = await renderUsers(sql, scope, [row], view);
  return { row, resource };
}

/** GET /Users: one page of the workspace's members, rendered. */
export async function listUsers(scope: ScimScope, q: ListQuery, view: UserView) {
  const sql = await scimSql();
  // A lookup by userName matches at most one member (unique per workspace), so its first page is that
  // member or nothing: on PostgreSQL a read shared with concurrent lookups (user-reads.ts).
  const name = sql.provider === "postgres" && q.startIndex === 1 && q.count > 0 ? userNameEquals(q.filter) : undefined;
  if (name !== undefined) {
    const row = await readUserByName(sql, scope, name, { groups: view.groups });
    const rows = row ? [row] : [];
    return { totalResults: rows.length, rows, resources: await renderUsers(sql, scope, rows, view) };
  }
  const { totalResults, rows } = await sql.query(function* () {
    const page = yield* queryPage(scope, "User", q, { memberGroups: view.groups });
    return { totalResults: page.totalResults, rows: page.rows.map(toListedMember) };
  });
  return { totalResults, rows, resources: await renderUsers(sql, scope, rows, view) };
}

/** A manager must be another member of the same workspace; an unknown id is kept in the document as
 * sent (nothing lost) but never linked, so no reference crosses workspaces. */
function* resolveManager(scope: ScimScope, managerId: string | null, selfId?: string): Work<string | null> {
  if (!managerId || managerId === selfId) return null;
  const rows = yield* select(
    scope.provider,
    (b) => `SELECT "id" FROM "Member" WHERE ${byIdInWorkspace(managerId, scope.workspaceId, b)}`,
  );
  return rows.length ? (rows[0].id as string) : null;
}

const OWNER_ROLE_NOTE = "userType stored but the role was not changed: owners are managed in the app, never over SCIM";

function duplicateUserName(userName: string) {
  return conflict(
    `A user with userName "${userName}" already exists in this workspace (userName is compared case-insensitively)`,
  );
}

/** The columns of a user document, refused when an indexed one is too long to index. */
function storedColumns(doc: UserDoc) {
  const cols = userColumns(doc);
  assertIndexable("userName", cols.userName);
  assertIndexable("externalId", cols.externalId);
  assertIndexable("The work email", cols.email);
  return cols;
}

/** POST /Users: the member created from a normalised document, and its resource. */
export async function createUser(
  scope: ScimScope,
  doc: UserDoc,
  view: UserView,
): Promise<{ row: MemberRow; resource: Resource }> {
  const sql = await scimSql();
  const row = await insertUser(sql, scope, doc);
  const [resource] = await renderUsers(sql, scope, [row], view, { created: true });
  return { row, resource };
}

async function insertUser(sql: Sql, scope: ScimScope, doc: UserDoc): Promise<MemberRow> {
  const cols = storedColumns(doc);
  const id = uuidv7(); // time-ordered: appended to the primary-key index (lib/uuid7.ts)
  try {
    // Without a manager the create is one INSERT … RETURNING: atomic by itself, one round trip (on
    // PostgreSQL five fewer than BEGIN, lookups, INSERT, read-back, COMMIT).
    if (!cols.managerId) return await atomic(sql, scope)(() => insertMember(scope, id, cols, doc, null));
    return await sql.transaction(function* () {
      const managerId = yield* resolveManager(scope, cols.managerId);
      yield* insertMember(scope, id, cols, doc, managerId);
      return (yield* findUser(scope, id))!; // with the manager's names
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateUserName(cols.userName);
    throw e;
  }
}

function* insertMember(
  scope: ScimScope,
  id: string,
  cols: ReturnType<typeof storedColumns>,
  doc: UserDoc,
  managerId: string | null,
): Work<MemberRow> {
  const now = new Date();
  // Linked to an existing account only when this workspace manages it (identity/managed.ts): its email
  // (the userName or the work email) is on a domain the workspace verified, and established (not a password
  // someone set through another workspace's invite link). Anyone else stays unlinked until they accept an
  // invite link while signed in, so a SCIM token can never attach another workspace's account.
  const candidates = [cols.userNameLower, cols.emailLower]
    .map((email) => ({ email, domain: emailDomain(email) }))
    .filter((c): c is { email: string; domain: string } => !!c.email && !!c.domain && !isPublicMailDomain(c.domain));
  const role = roleFromUserType(cols.userType) ?? "member";
  const status = cols.active ? "active" : "suspended";
  const events = (): OutboxEvent[] => [
    { type: "member.created", subjectId: id, data: memberData({ id, ...cols, role, status }, "scim") },
  ];
  const rows = yield* withEvents(
    scope,
    (b) => {
      const ws = b.param(scope.workspaceId);
      const managed = candidates.map(
        (c) =>
          `(a."emailLower" = ${b.param(c.email)} AND EXISTS (SELECT 1 FROM "Domain" d WHERE d."verifiedDomain" = ${b.param(c.domain)} ` +
          `AND d."workspaceId" = ${ws} AND d."verifiedAt" IS NOT NULL))`,
      );
      const account = managed.length
        ? `(SELECT a."id" FROM "Account" a WHERE a."emailVerifiedAt" IS NOT NULL AND (${managed.join(" OR ")}) ` +
          `AND NOT EXISTS (SELECT 1 FROM "Member" x WHERE x."accountId" = a."id" AND x."workspaceId" = ${ws}) LIMIT 1)`
        : "NULL";
      const data = {
        id,
        ...cols,
        managerId,
        workspaceId: scope.workspaceId,
        attributes: JSON.stringify(doc),
        role,
        status,
        source: "scim",
        scimTokenId: scope.tokenId,
        scimSuspendedAt: status === "suspended" ? now : null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      return `${insertInto("Member", data, b, { accountId: account })} RETURNING ${MEMBER_ROW}`;
    },
    events,
  );
  return toMember(rows[0]);
}

/** Owners are protected: SCIM may not suspend, delete or demote the last active owner. Runs inside the
 * transaction that makes the change, under the workspace owner lock (owners.ts), so two concurrent
 * requests can't each see the other owner as still active and both go ahead. */
function* assertNotLastOwner(scope: ScimScope, member: MemberRow, action: string): Work<void> {
  if (member.role !== "owner") return;
  if ((yield* otherActiveOwnersWork(scope.provider, scope.workspaceId, member.id)) === 0) {
    throw new ScimError(
      409,
      `Cannot ${action} ${member.userName}: they are the workspace's last owner. Add another owner in the workspace first.`,
    );
  }
}

/** Suspending or deleting an owner needs a token with owner powers (scope.ts); admins cannot do it
 * in the app either, so neither can a token an admin generated. */
function assertMayTouchOwner(scope: ScimScope, member: MemberRow, action: string) {
  if (member.role !== "owner" || scope.ownerPowers) return;
  throw new ScimError(
    403,
    `Cannot ${action} ${member.userName}: they are a workspace owner, and this token was not generated by an owner. ` +
      `Owners are managed in the app (or with a token an owner generates).`,
  );
}

class VersionConflict extends Error {}

/** Writes a new document over `existing` if nobody changed it meanwhile (version check). Returns the row as
 * written, or null when nothing changed. */
function* writeUser(
  scope: ScimScope,
  existing: MemberRow,
  requested: UserDoc,
  opts: WriteOptions = {},
): Work<MemberRow | null> {
  let doc = requested;
  let cols = storedColumns(doc);
  if (isSuspension(existing, cols.active)) {
    assertMayTouchOwner(scope, existing, "suspend");
    yield* assertNotLastOwner(scope, existing, "suspend");
    // Held: everything else the request changes applies; `active` stays as it is until an owner decides.
    if (yield* guardDeprovision(scope, existing, "suspend"))
      cols = storedColumns((doc = { ...doc, active: existing.active }));
  } else if (opts.reactivates && cols.active) yield* cancelHeld(scope, existing.id);
  const typeChanged = (cols.userType ?? null) !== (existing.userType ?? null);
  const role = typeChanged ? roleAfterUserType(existing.role, cols.userType) : existing.role;
  if (
    typeChanged &&
    existing.role === "owner" &&
    roleFromUserType(cols.userType) &&
    !scope.notes.includes(OWNER_ROLE_NOTE)
  ) {
    scope.notes.push(OWNER_ROLE_NOTE);
  }
  const status = cols.active ? (existing.status === "suspended" ? "active" : existing.status) : "suspended";
  const managerId = yield* resolveManager(scope, cols.managerId, existing.id);
  const attributes = JSON.stringify(doc);
  // A request that changes nothing (Entra re-sends unchanged values) writes nothing: no new version, and
  // a manually added member does not become SCIM-managed.
  const stored = JSON.parse(existing.attributes) as UserDoc;
  const unchanged = isDeepStrictEqual(doc, stored);
  scope.changes = userChanges({ ...stored, active: existing.active }, { ...doc, active: cols.active });
  if (unchanged && role === existing.role && status === existing.status && managerId === existing.managerId)
    return null;
  const next: Record<string, unknown> = {
    ...cols,
    managerId,
    attributes,
    role,
    status,
    source: "scim",
    scimTokenId: existing.scimTokenId ?? scope.tokenId,
  };
  // Only the columns that change: an UPDATE that names an indexed column rewrites that index entry even
  // when the value is the same, and members carry eight indexes. The version check guarantees `existing`
  // is what is being overwritten.
  const data: Record<string, unknown> = { updatedAt: new Date() };
  for (const [k, v] of Object.entries(next)) if (v !== (existing as Record<string, unknown>)[k]) data[k] = v;
  // Since when SCIM suspended the member: the offboarding policy may remove them after N days.
  if (status !== existing.status) data.scimSuspendedAt = status === "suspended" ? data.updatedAt : null;
  const events = (): OutboxEvent[] => [
    {
      type: memberChangeType(existing.status, status),
      subjectId: existing.id,
      data: memberData({ ...existing, ...cols, role, status }, "scim"),
    },
  ];
  let written: Row[];
  try {
    written = yield* withEvents(
      scope,
      (b) =>
        `UPDATE "Member" SET ${setList(data, b)}, "version" = "version" + 1 ` +
        `WHERE ${byIdInWorkspace(existing.id, scope.workspaceId, b)} AND "version" = ${b.param(existing.version)} ` +
        `RETURNING ${MEMBER_ROW}`,
      events,
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateUserName(cols.userName);
    throw e;
  }
  if (written.length === 0) throw new VersionConflict();
  // The manager's names come from the join: read them again only when the manager changed.
  // Memberships are not written here: the groups read with `existing` are the member's still.
  if (managerId !== existing.managerId)
    return { ...(yield* findUser(scope, existing.id))!, memberGroups: existing.memberGroups };
  return { ...toMember(written[0]), manager: existing.manager, memberGroups: existing.memberGroups };
}

interface WriteOptions {
  /** the request itself sets active=true (not a value carried over): it cancels a held suspension */
  reactivates?: boolean;
  /** the request sets active=false: most likely a suspension, which the guardrail (when on) counts in the
   * locking transaction, so the optimistic read before it would be wasted (Entra's deactivation) */
  deactivates?: boolean;
  /** the answer shows the user's groups: read them with the row (render.ts, groupsColumn) */
  groups?: boolean;
}

const NEEDS_LOCK = Symbol("needs the locking transaction");

/** Read-modify-write of one user. Concurrent PATCHes of one user (Entra sends them) apply one after
 * another, each on top of the previous:
 * - first optimistically, without a transaction: read the row, write it only if its version is still
 *   the one read (one statement, atomic by itself). On PostgreSQL that saves BEGIN, the row lock and
 *   COMMIT — three of five round trips — on the PATCHes that make up much of a provisioning cycle, and
 *   its read shares a round trip with the reads concurrent requests ask for (user-reads.ts);
 * - when another write got in between (the version moved) or the member is an owner (the last-owner
 *   check needs the owner lock), in one transaction: on SQLite nothing else runs from its BEGIN to its
 *   COMMIT; on PostgreSQL it holds the user's row lock, so writers queue instead of retrying. The version
 *   check stays there as a safety net against writers that don't take the lock. */
async function updateWithRetry(
  sql: Sql,
  scope: ScimScope,
  id: string,
  change: (current: MemberRow) => UserDoc,
  pre: Precondition = null,
  opts: WriteOptions = {},
) {
  // Without the guardrail a suspension is one versioned write like any other (owners still take the lock).
  const guarded = scope.guardrail !== "off";
  function* tryOptimistic(existing: MemberRow | null): Work<MemberRow | typeof NEEDS_LOCK> {
    if (!existing) throw notFound(`User ${id} not found`);
    // If-Match is checked against the version this write replaces: the versioned UPDATE (or the row lock
    // below) makes sure it is still that one, so of two writers with the same ETag exactly one wins.
    assertPrecondition(pre, existing.version, `User ${id}`);
    if (existing.role === "owner") return NEEDS_LOCK;
    const doc = change(existing);
    // With the guardrail on, a suspension is counted under its workspace lock, in the transaction below.
    if (guarded && isSuspension(existing, storedColumns(doc).active)) return NEEDS_LOCK;
    try {
      return (yield* writeUser(scope, existing, doc, opts)) ?? existing;
    } catch (e) {
      if (e instanceof VersionConflict) return NEEDS_LOCK;
      throw e;
    }
  }
  const firstTry = async () => {
    // PostgreSQL: the read shares its round trip with concurrent requests' (user-reads.ts); the versioned
    // write makes sure nothing changed the row since. SQLite: both in one transaction, nothing in between.
    if (scope.provider !== "postgres")
      return sql.transaction(function* () {
        return yield* tryOptimistic(yield* findUser(scope, id, { groups: opts.groups }));
      });
    const existing = await readUser(sql, scope, id, { groups: opts.groups });
    return sql.query(() => tryOptimistic(existing));
  };
  const optimistic = opts.deactivates && guarded ? NEEDS_LOCK : await firstTry();
  if (optimistic !== NEEDS_LOCK) return optimistic;
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    try {
      return await sql.transaction(function* () {
        const existing = yield* findUser(scope, id, { lock: true, groups: opts.groups });
        if (!existing) throw notFound(`User ${id} not found`);
        assertPrecondition(pre, existing.version, `User ${id}`);
        return (yield* writeUser(scope, existing, change(existing), opts)) ?? existing;
      });
    } catch (e) {
      if (!(e instanceof VersionConflict)) throw e;
    }
  }
  throw new ScimError(409, `User ${id} is being changed by concurrent requests; retry the request`);
}

/** PUT /Users/{id}: the row as written and, with a `view`, its resource (see `written`). */
export async function replaceUser(
  scope: ScimScope,
  id: string,
  doc: UserDoc,
  pre: Precondition = null,
  view?: UserView,
) {
  const sql = await scimSql();
  const row = await updateWithRetry(sql, scope, id, () => doc, pre, {
    reactivates: doc.active !== false,
    groups: view?.groups,
  });
  return written(sql, scope, row, view);
}

/** PATCH /Users/{id} (also an approved held suspension, lib/services/guardrail-review.ts). */
export async function patchUser(
  scope: ScimScope,
  id: string,
  ops: PatchOperation[],
  pre: Precondition = null,
  view?: UserView,
) {
  const sql = await scimSql();
  const actives = ops.map(setsActive);
  // The `active` column is authoritative (an admin may have suspended the member by hand).
  const row = await updateWithRetry(
    sql,
    scope,
    id,
    (current) => applyUserPatch({ ...(JSON.parse(current.attributes) as UserDoc), active: current.active }, ops),
    pre,
    { reactivates: actives.includes(true), deactivates: actives.includes(false), groups: view?.groups },
  );
  return written(sql, scope, row, view);
}

/** A written user and the resource a PUT or PATCH answers with. When the guardrail held its suspension
 * (`scope.held`), the identity provider still gets the success it expects, with the user as it asked for
 * it (active: false), so a client that compares the answer with its request (Okta reads PUT answers) sees
 * nothing to retry; the edge sends no ETag then, because no stored version looks like that. GET keeps
 * telling the truth (still active) while the change is held. */
async function written(
  sql: Sql,
  scope: ScimScope,
  row: MemberRow,
  view: UserView | undefined,
): Promise<{ row: MemberRow; resource: Resource | null }> {
  if (!view) return { row, resource: null };
  const [resource] = await renderUsers(sql, scope, [scope.held ? { ...row, active: false } : row], view);
  return { row, resource };
}

/** Does the operation name `active` (path "active", or a value object with an `active` key)? Then whether
 * the value sent is false (false or "False", as Entra sends it) or anything else; undefined when it does
 * not name `active`. */
function setsActive(op: PatchOperation): boolean | undefined {
  if (op.op === "remove") return undefined;
  if (op.rawPath !== undefined)
    return op.rawPath.trim().toLowerCase() === "active" ? booleanValue(op.value) !== false : undefined;
  if (!isObject(op.value)) return undefined;
  const key = findKey(op.value, "active");
  return key === undefined ? undefined : booleanValue(op.value[key]) !== false;
}

/** DELETE /Users/{id} (or the suspension the offboarding policy puts in its place, or nothing while the
 * guardrail holds it): the member as it was. */
export async function deleteUser(scope: ScimScope, id: string, pre: Precondition = null) {
  const sql = await scimSql();
  return sql.transaction(function* () {
    const existing = yield* findUser(scope, id, { lock: true });
    if (!existing) throw notFound(`User ${id} not found`);
    assertPrecondition(pre, existing.version, `User ${id}`);
    assertMayTouchOwner(scope, existing, "delete");
    yield* assertNotLastOwner(scope, existing, "delete");
    if (yield* guardDeprovision(scope, existing, "remove")) return existing; // held: nothing removed, no event
    // The workspace's offboarding policy may turn a hard delete into a (reversible) suspension.
    if ((yield* deleteActionWork(scope.provider, scope.workspaceId)) === "suspend")
      return yield* suspendInsteadOfDelete(scope, existing);
    // Memberships go by ON DELETE CASCADE, reports lose their manager by ON DELETE SET NULL.
    const deleted = yield* execute(
      scope.provider,
      (b) => `DELETE FROM "Member" WHERE ${byIdInWorkspace(id, scope.workspaceId, b)}`,
    );
    if (deleted === 0) throw notFound(`User ${id} not found`);
    yield* enqueue(scope, () => [{ type: "member.removed", subjectId: id, data: memberData(existing, "scim") }]);
    return existing;
  });
}
