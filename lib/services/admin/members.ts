// Member queries for the admin pages. Every query is scoped by workspaceId; lists use keyset
// pagination on the (workspaceId, userNameLower) unique index, counts use COUNT / GROUP BY.
import { getDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/generated/sqlite/client";
import { containsText, searchText } from "./text-match";
import { decodeCursor, toPage, type Page, type PageRequest } from "./keyset";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";
import { foldCase } from "@/lib/scim/fold";

export const MEMBER_STATUSES = ["active", "invited", "suspended"] as const;
export const MEMBER_SOURCES = ["manual", "scim", "sso"] as const;

export interface MemberFilter {
  q?: string;
  status?: string;
  role?: string;
  source?: string;
}

function memberWhere(workspaceId: string, f: MemberFilter): Prisma.MemberWhereInput {
  const where: Prisma.MemberWhereInput = { workspaceId };
  if (f.status) where.status = f.status;
  if (f.role) where.role = f.role;
  if (f.source) where.source = f.source;
  const q = searchText(f.q);
  if (q) {
    const lower = foldCase(q);
    where.OR = [
      { userNameLower: { contains: lower } },
      { emailLower: { contains: lower } },
      { displayName: containsText(q) },
      { givenName: containsText(q) },
      { familyName: containsText(q) },
    ];
  }
  return where;
}

export const listSelect = {
  id: true,
  userName: true,
  displayName: true,
  givenName: true,
  familyName: true,
  email: true,
  userNameLower: true,
  role: true,
  status: true,
  source: true,
  scimTokenId: true,
  externalId: true,
  createdAt: true,
  updatedAt: true,
  accountId: true,
} as const;

export type MemberListRow = Prisma.MemberGetPayload<{ select: typeof listSelect }> & { tokenLabel: string | null };

/** One page of members, alphabetical by userName. */
export async function listMembers(
  workspaceId: string,
  f: MemberFilter,
  page: PageRequest,
): Promise<Page<MemberListRow>> {
  const db = await getDb();
  const where = memberWhere(workspaceId, f);
  const after = decodeCursor(page.after, 1);
  const before = decodeCursor(page.before, 1);
  const req = { ...page, after: after ? page.after : null, before: before && !after ? page.before : null };
  if (after) where.userNameLower = { gt: String(after[0]) };
  else if (before) where.userNameLower = { lt: String(before[0]) };
  const rows = await db.member.findMany({
    where,
    select: listSelect,
    orderBy: { userNameLower: req.before ? "desc" : "asc" },
    take: page.size + 1,
  });
  const labels = await tokenLabelsIn(
    db,
    workspaceId,
    rows.map((r) => r.scimTokenId),
  );
  const withLabels = rows.map((r) => ({
    ...r,
    tokenLabel: r.scimTokenId ? (labels.get(r.scimTokenId) ?? null) : null,
  }));
  return toPage(withLabels, req, (r) => [r.userNameLower]);
}

/** How many members matching the filter come before this userName (the page's position, "51–100 of …"). */
export async function countMembersBefore(workspaceId: string, f: MemberFilter, userNameLower: string): Promise<number> {
  const db = await getDb();
  return db.member.count({ where: { ...memberWhere(workspaceId, f), userNameLower: { lt: userNameLower } } });
}

export async function countMembers(workspaceId: string, f: MemberFilter): Promise<number> {
  const db = await getDb();
  return db.member.count({ where: memberWhere(workspaceId, f) });
}

export interface MemberCounts {
  total: number;
  active: number;
  invited: number;
  suspended: number;
  /** active + invited: who holds a seat */
  seatsInUse: number;
}

export async function memberCounts(workspaceId: string): Promise<MemberCounts> {
  const db = await getDb();
  const groups = await db.member.groupBy({ by: ["status"], where: { workspaceId }, _count: { _all: true } });
  const by = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
  const active = by.active ?? 0;
  const invited = by.invited ?? 0;
  const suspended = by.suspended ?? 0;
  return { total: active + invited + suspended, active, invited, suspended, seatsInUse: active + invited };
}

/** Token labels by id, for "Managed by SCIM (Entra ID)" badges. */
export async function tokenLabelsIn(db: Db, workspaceId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.scimToken.findMany({
    where: { workspaceId, id: { in: wanted } },
    select: { id: true, label: true },
  });
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** A member with what the detail page shows: manager, groups, provisioning token. */
export async function getMemberDetailIn(db: Db, workspaceId: string, memberId: string) {
  const member = await db.member.findFirst({
    where: { id: memberId, workspaceId },
    include: {
      manager: { select: { id: true, displayName: true, userName: true } },
      groups: {
        where: { workspaceId },
        select: { group: { select: { id: true, displayName: true, source: true } } },
        orderBy: { createdAt: "asc" },
        take: 200,
      },
    },
  });
  if (!member) return null;
  const labels = await tokenLabelsIn(db, workspaceId, [member.scimTokenId]);
  const { groups, ...rest } = member;
  return {
    ...rest,
    groups: groups.map((g) => g.group),
    tokenLabel: member.scimTokenId ? (labels.get(member.scimTokenId) ?? null) : null,
  };
}

/** {@link getMemberDetailIn} on the app's connection. */
export async function getMemberDetail(workspaceId: string, memberId: string) {
  return getMemberDetailIn(await getDb(), workspaceId, memberId);
}

export type MemberDetail = NonNullable<Awaited<ReturnType<typeof getMemberDetail>>>;

/** Provisioning events that touched this member, newest first. */
export async function memberTimelineIn(db: Db, workspaceId: string, memberId: string, take = 50) {
  await flushProvisioningLog();
  return db.provisioningEvent.findMany({
    where: { workspaceId, resourceId: memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      createdAt: true,
      method: true,
      path: true,
      status: true,
      scimType: true,
      detail: true,
      tokenLabel: true,
      changes: true,
    },
  });
}

/** The signed-in person's own membership, for the profile page. */
export async function getOwnProfile(workspaceId: string, memberId: string) {
  const db = await getDb();
  return getMemberDetailIn(db, workspaceId, memberId);
}

/** A member's userName, or null when there is no such member in the workspace. */
export async function memberUserName(workspaceId: string, memberId: string): Promise<string | null> {
  const db = await getDb();
  const m = await db.member.findFirst({ where: { id: memberId, workspaceId }, select: { userName: true } });
  return m?.userName ?? null;
}
