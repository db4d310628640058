// SCIM Users = workspace members. Every function is scoped to the token's workspace.
import { isDeepStrictEqual } from "node:util";
import type { Db } from "@/lib/db/client";
import { ScimError, conflict, notFound } from "@/lib/scim/errors";
import { assertIndexable } from "@/lib/scim/json-limits";
import { applyUserPatch, type PatchOperation } from "@/lib/scim/patch";
import { roleAfterUserType, roleFromUserType, toScimUser, userColumns, type UserDoc } from "@/lib/scim/user-resource";
import { isUniqueViolation } from "./errors";
import { inOrder, queryIds, type ListQuery } from "./scim-list";
import { otherActiveOwners } from "./owners";
import { MAX_WRITE_ATTEMPTS, SCIM_TX_OPTIONS, type ScimScope } from "./scim-scope";

const withManager = { manager: { select: { displayName: true, userName: true } } } as const;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type DbOrTx = Db | Tx;
type MemberRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;

function findUser(db: DbOrTx, scope: ScimScope, id: string) {
  return db.member.findFirst({ where: { id, workspaceId: scope.workspaceId }, include: withManager });
}

export interface RenderOptions {
  /** load and return `groups` (skipped when the request excludes them) */
  groups: boolean;
}

async function groupsOf(db: Db, memberIds: string[]) {
  const rows = await db.groupMember.findMany({
    where: { memberId: { in: memberIds } },
    select: { memberId: true, group: { select: { id: true, displayName: true } } },
  });
  const byMember = new Map<string, { id: string; displayName: string }[]>();
  for (const r of rows) {
    const list = byMember.get(r.memberId) ?? [];
    list.push(r.group);
    byMember.set(r.memberId, list);
  }
  return byMember;
}

export async function renderUsers(db: Db, scope: ScimScope, rows: MemberRow[], opts: RenderOptions) {
  const groups = opts.groups && rows.length ? await groupsOf(db, rows.map((r) => r.id)) : undefined;
  return rows.map((row) =>
    toScimUser(row, {
      baseUrl: scope.baseUrl,
      managerDisplayName: row.manager ? row.manager.displayName ?? row.manager.userName : null,
      groups: groups ? groups.get(row.id) ?? [] : undefined,
    }),
  );
}

export async function getUser(db: Db, scope: ScimScope, id: string) {
  const row = await findUser(db, scope, id);
  if (!row) throw notFound(`User ${id} not found`);
  return row;
}

export async function listUsers(db: Db, scope: ScimScope, q: ListQuery) {
  const { totalResults, ids } = await queryIds(db, scope, "User", q);
  const rows = ids.length ? await db.member.findMany({ where: { id: { in: ids }, workspaceId: scope.workspaceId }, include: withManager }) : [];
  return { totalResults, rows: inOrder(ids, rows) };
}

/** A manager must be another member of the same workspace; an unknown id is kept in the document as
 * sent (nothing lost) but never linked, so no reference crosses workspaces. */
async function resolveManager(db: DbOrTx, scope: ScimScope, managerId: string | null, selfId?: string) {
  if (!managerId || managerId === selfId) return null;
  const m = await db.member.findFirst({ where: { id: managerId, workspaceId: scope.workspaceId }, select: { id: true } });
  return m?.id ?? null;
}

function duplicateUserName(userName: string) {
  return conflict(`A user with userName "${userName}" already exists in this workspace (userName is compared case-insensitively)`);
}

/** The columns of a user document, refused when an indexed one is too long to index. */
function storedColumns(doc: UserDoc) {
  const cols = userColumns(doc);
  assertIndexable("userName", cols.userName);
  assertIndexable("externalId", cols.externalId);
  assertIndexable("The work email", cols.email);
  return cols;
}

export async function createUser(db: Db, scope: ScimScope, doc: UserDoc) {
  const cols = storedColumns(doc);
  const managerId = await resolveManager(db, scope, cols.managerId);
  // Link to an existing sign-in account with the same email, unless it already has a membership here.
  const emails = [cols.userNameLower, cols.emailLower].filter((e): e is string => !!e);
  const account = await db.account.findFirst({
    where: { emailLower: { in: emails }, memberships: { none: { workspaceId: scope.workspaceId } } },
    select: { id: true },
  });
  try {
    return await db.member.create({
      data: {
        ...cols,
        managerId,
        workspaceId: scope.workspaceId,
        accountId: account?.id ?? null,
        attributes: JSON.stringify(doc),
        role: roleFromUserType(cols.userType) ?? "member",
        status: cols.active ? "active" : "suspended",
        source: "scim",
        scimTokenId: scope.tokenId,
      },
      include: withManager,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateUserName(cols.userName);
    throw e;
  }
}

/** Owners are protected: SCIM may not suspend, delete or demote the last active owner. Runs inside the
 * transaction that makes the change, under the workspace owner lock (owners.ts), so two concurrent
 * requests can't each see the other owner as still active and both go ahead. */
async function assertNotLastOwner(tx: Tx, scope: ScimScope, member: MemberRow, action: string) {
  if (member.role !== "owner") return;
  if ((await otherActiveOwners(tx, scope.workspaceId, member.id)) === 0) {
    throw new ScimError(409, `Cannot ${action} ${member.userName}: they are the workspace's last owner. Add another owner in the workspace first.`);
  }
}

/** Locks the member's row for the rest of the transaction (PostgreSQL), so concurrent writes to one user
 * queue up instead of overwriting each other. NO KEY UPDATE leaves membership inserts (FK checks) alone. */
async function lockMember(tx: Tx, scope: ScimScope, id: string) {
  if (scope.provider !== "postgres") return;
  await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM "Member" WHERE "id" = $1 AND "workspaceId" = $2 FOR NO KEY UPDATE`, id, scope.workspaceId);
}

class VersionConflict extends Error {}

/** Writes a new document over `existing` if nobody changed it meanwhile (version check). */
async function writeUser(tx: Tx, scope: ScimScope, existing: MemberRow, doc: UserDoc) {
  const cols = storedColumns(doc);
  const typeChanged = (cols.userType ?? null) !== (existing.userType ?? null);
  const role = typeChanged ? roleAfterUserType(existing.role, cols.userType) : existing.role;
  const status = cols.active ? (existing.status === "suspended" ? "active" : existing.status) : "suspended";
  if (role !== existing.role && existing.role === "owner") await assertNotLastOwner(tx, scope, existing, "change the role of");
  if (status === "suspended" && existing.status !== "suspended") await assertNotLastOwner(tx, scope, existing, "suspend");
  const managerId = await resolveManager(tx, scope, cols.managerId, existing.id);
  const attributes = JSON.stringify(doc);
  // A request that changes nothing (Entra re-sends unchanged values) writes nothing: no new version, and
  // a manually added member does not become SCIM-managed.
  const unchanged = isDeepStrictEqual(doc, JSON.parse(existing.attributes));
  if (unchanged && role === existing.role && status === existing.status && managerId === existing.managerId) return;
  try {
    const res = await tx.member.updateMany({
      where: { id: existing.id, workspaceId: scope.workspaceId, version: existing.version },
      data: {
        ...cols,
        managerId,
        attributes,
        role,
        status,
        source: "scim",
        scimTokenId: existing.scimTokenId ?? scope.tokenId,
        version: { increment: 1 },
      },
    });
    if (res.count === 0) throw new VersionConflict();
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateUserName(cols.userName);
    throw e;
  }
}

/** Read-modify-write of one user in a transaction that holds the user's row lock: concurrent PATCHes of
 * one user (Entra sends them) apply one after another, each on top of the previous. The version check
 * stays as a safety net against writers that don't take the lock. */
async function updateWithRetry(db: Db, scope: ScimScope, id: string, change: (current: MemberRow) => UserDoc) {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        await lockMember(tx, scope, id);
        const existing = await findUser(tx, scope, id);
        if (!existing) throw notFound(`User ${id} not found`);
        await writeUser(tx, scope, existing, change(existing));
        return (await findUser(tx, scope, id))!;
      }, SCIM_TX_OPTIONS);
    } catch (e) {
      if (!(e instanceof VersionConflict)) throw e;
    }
  }
  throw new ScimError(409, `User ${id} is being changed by concurrent requests; retry the request`);
}

export function replaceUser(db: Db, scope: ScimScope, id: string, doc: UserDoc) {
  return updateWithRetry(db, scope, id, () => doc);
}

export function patchUser(db: Db, scope: ScimScope, id: string, ops: PatchOperation[]) {
  // The `active` column is authoritative (an admin may have suspended the member by hand).
  return updateWithRetry(db, scope, id, (current) =>
    applyUserPatch({ ...(JSON.parse(current.attributes) as UserDoc), active: current.active }, ops),
  );
}

export function deleteUser(db: Db, scope: ScimScope, id: string) {
  return db.$transaction(async (tx) => {
    await lockMember(tx, scope, id);
    const existing = await findUser(tx, scope, id);
    if (!existing) throw notFound(`User ${id} not found`);
    await assertNotLastOwner(tx, scope, existing, "delete");
    const res = await tx.member.deleteMany({ where: { id, workspaceId: scope.workspaceId } });
    if (res.count === 0) throw notFound(`User ${id} not found`);
    return existing;
  }, SCIM_TX_OPTIONS);
}
