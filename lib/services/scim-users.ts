// SCIM Users = workspace members. Every function is scoped to the token's workspace.
import type { Db } from "@/lib/db/client";
import { ScimError, conflict, notFound } from "@/lib/scim/errors";
import { applyUserPatch, type PatchOperation } from "@/lib/scim/patch";
import { roleFromUserType, toScimUser, userColumns, type UserDoc } from "@/lib/scim/user-resource";
import { isUniqueViolation } from "./errors";
import { inOrder, queryIds, type ListQuery } from "./scim-list";
import { MAX_WRITE_ATTEMPTS, type ScimScope } from "./scim-scope";

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

export async function createUser(db: Db, scope: ScimScope, doc: UserDoc) {
  const cols = userColumns(doc);
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

/** Owners are protected: SCIM may not suspend, delete or demote the last active owner. */
async function assertNotLastOwner(db: DbOrTx, scope: ScimScope, member: MemberRow, action: string) {
  if (member.role !== "owner") return;
  const others = await db.member.count({
    where: { workspaceId: scope.workspaceId, role: "owner", status: "active", id: { not: member.id } },
  });
  if (others === 0) {
    throw new ScimError(409, `Cannot ${action} ${member.userName}: they are the workspace's last owner. Add another owner in the workspace first.`);
  }
}

class VersionConflict extends Error {}

/** Writes a new document over `existing` if nobody changed it meanwhile (version check). */
async function writeUser(db: Db, scope: ScimScope, existing: MemberRow, doc: UserDoc) {
  const cols = userColumns(doc);
  const typeChanged = (cols.userType ?? null) !== (existing.userType ?? null);
  const role = (typeChanged && roleFromUserType(cols.userType)) || existing.role;
  const status = cols.active ? (existing.status === "suspended" ? "active" : existing.status) : "suspended";
  if (role !== existing.role && existing.role === "owner") await assertNotLastOwner(db, scope, existing, "change the role of");
  if (status === "suspended" && existing.status !== "suspended") await assertNotLastOwner(db, scope, existing, "suspend");
  const managerId = await resolveManager(db, scope, cols.managerId, existing.id);
  try {
    const res = await db.member.updateMany({
      where: { id: existing.id, workspaceId: scope.workspaceId, version: existing.version },
      data: {
        ...cols,
        managerId,
        attributes: JSON.stringify(doc),
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

async function updateWithRetry(db: Db, scope: ScimScope, id: string, change: (current: MemberRow) => UserDoc) {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const existing = await getUser(db, scope, id);
    try {
      await writeUser(db, scope, existing, change(existing));
      return getUser(db, scope, id);
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

export async function deleteUser(db: Db, scope: ScimScope, id: string) {
  const existing = await getUser(db, scope, id);
  await assertNotLastOwner(db, scope, existing, "delete");
  const res = await db.member.deleteMany({ where: { id, workspaceId: scope.workspaceId } });
  if (res.count === 0) throw notFound(`User ${id} not found`);
  return existing;
}
