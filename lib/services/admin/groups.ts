// Group queries for the admin pages, scoped by workspaceId; keyset pages on the
// (workspaceId, displayNameLower) unique index and on the GroupMember primary key.
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/generated/sqlite/client";
import { decodeCursor, toPage, type Page, type PageRequest } from "./keyset";
import { tokenLabelsIn } from "./members";
import { searchText } from "./text-match";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";

export const groupSelect = {
  id: true,
  displayName: true,
  displayNameLower: true,
  externalId: true,
  source: true,
  scimTokenId: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { members: true } },
} as const;

type GroupRow = Prisma.GroupGetPayload<{ select: typeof groupSelect }>;
export type GroupListRow = Omit<GroupRow, "_count"> & { memberCount: number; tokenLabel: string | null };

export async function listGroups(
  workspaceId: string,
  q: string | undefined,
  page: PageRequest,
): Promise<Page<GroupListRow>> {
  const db = await getDb();
  const where: Prisma.GroupWhereInput = { workspaceId };
  const needle = searchText(q)?.toLowerCase();
  const after = decodeCursor(page.after, 1);
  const before = after ? null : decodeCursor(page.before, 1);
  const nameCond: Prisma.StringFilter = {};
  if (needle) nameCond.contains = needle;
  if (after) nameCond.gt = String(after[0]);
  if (before) nameCond.lt = String(before[0]);
  if (Object.keys(nameCond).length) where.displayNameLower = nameCond;
  const rows = await db.group.findMany({
    where,
    select: groupSelect,
    orderBy: { displayNameLower: before ? "desc" : "asc" },
    take: page.size + 1,
  });
  const labels = await tokenLabelsIn(
    db,
    workspaceId,
    rows.map((r) => r.scimTokenId),
  );
  const list = rows.map(({ _count, ...g }) => ({
    ...g,
    memberCount: _count.members,
    tokenLabel: g.scimTokenId ? (labels.get(g.scimTokenId) ?? null) : null,
  }));
  return toPage(list, { ...page, after: after ? page.after : null, before: before ? page.before : null }, (g) => [
    g.displayNameLower,
  ]);
}

export async function countGroups(workspaceId: string, q?: string) {
  const db = await getDb();
  const needle = searchText(q)?.toLowerCase();
  return db.group.count({ where: { workspaceId, ...(needle ? { displayNameLower: { contains: needle } } : {}) } });
}

export async function getGroup(workspaceId: string, groupId: string) {
  const db = await getDb();
  const g = await db.group.findFirst({ where: { id: groupId, workspaceId }, select: groupSelect });
  if (!g) return null;
  const labels = await tokenLabelsIn(db, workspaceId, [g.scimTokenId]);
  const { _count, ...rest } = g;
  return {
    ...rest,
    memberCount: _count.members,
    tokenLabel: g.scimTokenId ? (labels.get(g.scimTokenId) ?? null) : null,
  };
}

/** One page of a group's members, ordered by member id (the join table's key). */
export async function listGroupMembers(workspaceId: string, groupId: string, page: PageRequest) {
  const db = await getDb();
  const after = decodeCursor(page.after, 1);
  const before = after ? null : decodeCursor(page.before, 1);
  const rows = await db.groupMember.findMany({
    where: {
      groupId,
      workspaceId,
      ...(after ? { memberId: { gt: String(after[0]) } } : before ? { memberId: { lt: String(before[0]) } } : {}),
    },
    orderBy: { memberId: before ? "desc" : "asc" },
    take: page.size + 1,
    select: {
      memberId: true,
      createdAt: true,
      member: {
        select: { id: true, userName: true, displayName: true, email: true, role: true, status: true, source: true },
      },
    },
  });
  return toPage(rows, { ...page, after: after ? page.after : null, before: before ? page.before : null }, (r) => [
    r.memberId,
  ]);
}

/** The last provisioning event that touched this group (its "last change" as the IdP sees it). */
export async function lastGroupEvent(workspaceId: string, groupId: string) {
  const db = await getDb();
  await flushProvisioningLog();
  return db.provisioningEvent.findFirst({
    where: { workspaceId, resourceId: groupId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, createdAt: true, method: true, status: true, tokenLabel: true },
  });
}
