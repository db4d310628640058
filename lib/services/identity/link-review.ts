// Account links made under the rules before the identity boundary (migration 20261205073716) that today's
// rules would not make: a provisioned member linked to an account on a domain the workspace has not verified,
// or a manual member attached to an account that already existed. The migration marks them (Member.linkReview)
// instead of dropping anything; an owner confirms each one (the person is known to the workspace) or
// detaches it (the member becomes "not joined" and can get an invite link).
import { getDb, type Db } from "@/lib/db/client";
import { DomainError } from "../errors";
import { recordAudit, SYSTEM, type AuditActor } from "../audit";

export const LINK_REVIEW_REASONS: Record<string, string> = {
  provisioned_unverified:
    "Provisioned over SCIM or SSO and linked to an existing account whose email is not on a verified domain of this workspace.",
  attached_existing:
    "Added by hand and attached to an account that already existed, without the person accepting an invitation.",
};

export async function listLinkReviews(workspaceId: string) {
  const db = await getDb();
  const rows = await db.member.findMany({
    where: { workspaceId, linkReview: { not: null } },
    select: {
      id: true,
      userName: true,
      displayName: true,
      role: true,
      source: true,
      status: true,
      linkReview: true,
      account: { select: { email: true } },
    },
    orderBy: { userNameLower: "asc" },
  });
  return rows.map(({ account, ...m }) => ({
    ...m,
    accountEmail: account?.email ?? null,
    reason: LINK_REVIEW_REASONS[m.linkReview ?? ""] ?? m.linkReview,
  }));
}

async function reviewed(db: Db, workspaceId: string, memberId: string) {
  const m = await db.member.findFirst({
    where: { id: memberId, workspaceId, linkReview: { not: null } },
    select: {
      id: true,
      source: true,
      status: true,
      userName: true,
      displayName: true,
      account: { select: { email: true } },
    },
  });
  if (!m) throw new DomainError("not_found", "No such link to review in this workspace.");
  return m;
}

const target = (m: { id: string; userName: string; displayName: string | null }) => ({
  type: "member" as const,
  id: m.id,
  label: m.displayName || m.userName,
});

/** Keeps the link: the owner knows this person. */
export async function confirmLink(workspaceId: string, memberId: string, actor: AuditActor = SYSTEM) {
  const db = await getDb();
  const m = await reviewed(db, workspaceId, memberId);
  await db.$transaction(async (tx) => {
    const done = await tx.member.updateMany({
      where: { id: memberId, workspaceId, linkReview: { not: null } },
      data: { linkReview: null },
    });
    if (done.count)
      await recordAudit(tx, workspaceId, actor, "link.confirmed", target(m), { account: m.account?.email ?? null });
  });
}

/** Unlinks the account (and its SSO link): the member stays, as not joined yet. A manual member is invited
 * again; a SCIM member keeps the status its identity provider set. */
export async function detachLink(workspaceId: string, memberId: string, actor: AuditActor = SYSTEM) {
  const db = await getDb();
  const m = await reviewed(db, workspaceId, memberId);
  await db.$transaction(async (tx) => {
    const done = await tx.member.updateMany({
      where: { id: memberId, workspaceId, linkReview: { not: null } },
      data: {
        accountId: null,
        ssoSubject: null,
        linkReview: null,
        version: { increment: 1 },
        ...(m.source === "manual" && m.status === "active" ? { status: "invited" } : {}),
      },
    });
    if (done.count)
      await recordAudit(tx, workspaceId, actor, "link.detached", target(m), { account: m.account?.email ?? null });
  });
}
