// Which member an SSO sign-in belongs to. First the subject (NameID / sub) already linked to a member;
// otherwise the member whose SCIM userName or work email equals the asserted email (case-insensitive),
// which then gets the subject stored so later email changes keep the link. With JIT on, an unmatched
// person becomes a new member (source "sso").
import type { Db } from "@/lib/db/client";
import { SsoError } from "@/lib/sso/errors";
import type { AssertedIdentity } from "@/lib/sso/identity";
import { isUniqueViolation } from "./errors";

export type MatchedBy = "subject" | "userName" | "email";

export interface MemberMatch {
  member: { id: string; userName: string; displayName: string | null; status: string; role: string; accountId: string | null; ssoSubject: string | null; source: string };
  by: MatchedBy;
}

const memberSelect = { id: true, userName: true, displayName: true, status: true, role: true, accountId: true, ssoSubject: true, source: true, email: true } as const;

/** Finds the member without changing anything (also used by "Test SSO"). */
export async function findSsoMember(db: Db, workspaceId: string, identity: Pick<AssertedIdentity, "subject" | "email">): Promise<MemberMatch | null> {
  const bySubject = await db.member.findUnique({ where: { workspaceId_ssoSubject: { workspaceId, ssoSubject: identity.subject } }, select: memberSelect });
  if (bySubject) return { member: bySubject, by: "subject" };
  if (!identity.email) return null;
  const lower = identity.email.toLowerCase();
  const byUserName = await db.member.findUnique({ where: { workspaceId_userNameLower: { workspaceId, userNameLower: lower } }, select: memberSelect });
  if (byUserName) return { member: byUserName, by: "userName" };
  const byEmail = await db.member.findMany({ where: { workspaceId, emailLower: lower }, select: memberSelect, take: 2 });
  return byEmail.length === 1 ? { member: byEmail[0], by: "email" } : null;
}

export interface SignInTarget {
  memberId: string;
  accountId: string;
  created: boolean;
}

/** Resolves (and if allowed creates) the member for a validated SSO identity, links the subject and
 * returns the account to sign in. Throws SsoError for every refusal. */
export async function resolveSsoSignIn(db: Db, workspaceId: string, identity: AssertedIdentity, opts: { jit: boolean }): Promise<SignInTarget> {
  let match = await findSsoMember(db, workspaceId, identity);
  let created = false;
  if (!match) {
    if (!opts.jit || !identity.email) throw new SsoError(identity.email ? "unknown_member" : "no_email");
    match = { member: await createJitMember(db, workspaceId, identity), by: "subject" };
    created = true;
  }
  const m = match.member;
  if (m.status === "suspended") throw new SsoError("suspended");
  if (m.ssoSubject && m.ssoSubject !== identity.subject) throw new SsoError("linked_elsewhere");
  const accountId = m.accountId ?? (await accountFor(db, identity.email ?? m.userName, identity));
  try {
    await db.member.update({
      where: { id: m.id },
      data: { ssoSubject: identity.subject, accountId, ...(m.status === "invited" ? { status: "active" } : {}) },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new SsoError("linked_elsewhere");
    throw e;
  }
  return { memberId: m.id, accountId, created };
}

/** The account a member signs in with: the one with the asserted email, else a new one without a
 * password (an SSO-only account). */
async function accountFor(db: Db, email: string, identity: AssertedIdentity): Promise<string> {
  const emailLower = email.toLowerCase();
  const existing = await db.account.findUnique({ where: { emailLower }, select: { id: true } });
  if (existing) return existing.id;
  const name = identity.displayName ?? ([identity.firstName, identity.lastName].filter(Boolean).join(" ") || null);
  try {
    return (await db.account.create({ data: { email, emailLower, name, passwordHash: null } })).id;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return (await db.account.findUniqueOrThrow({ where: { emailLower }, select: { id: true } })).id;
  }
}

async function createJitMember(db: Db, workspaceId: string, identity: AssertedIdentity) {
  const email = identity.email!;
  const displayName = identity.displayName ?? ([identity.firstName, identity.lastName].filter(Boolean).join(" ") || null);
  try {
    return await db.member.create({
      data: {
        workspaceId,
        userName: email,
        userNameLower: email.toLowerCase(),
        email,
        emailLower: email.toLowerCase(),
        displayName,
        givenName: identity.firstName,
        familyName: identity.lastName,
        source: "sso",
        role: "member",
        status: "active",
        attributes: JSON.stringify({ userName: email, emails: [{ value: email, type: "work", primary: true }] }),
      },
      select: memberSelect,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new SsoError("linked_elsewhere");
    throw e;
  }
}

/** Members not linked to an SSO identity yet (never signed in with SSO), listed before "Enforce SSO"
 * is switched on. `matchable` says whether their userName/email is on a verified domain, so the first
 * SSO sign-in can match them; the others would be locked out. Owners keep password sign-in. */
export async function unlinkedMembers(db: Db, workspaceId: string) {
  const verified = (await db.domain.findMany({ where: { workspaceId, verifiedAt: { not: null } }, select: { domain: true } })).map((d) => d.domain);
  const rows = await db.member.findMany({
    where: { workspaceId, ssoSubject: null, status: { not: "suspended" }, role: { not: "owner" } },
    select: { id: true, userName: true, email: true, displayName: true, role: true },
    orderBy: { userNameLower: "asc" },
    take: 500,
  });
  const inVerified = (s: string | null) => !!s && verified.some((d) => s.toLowerCase().endsWith(`@${d}`));
  return rows.map((m) => ({ ...m, matchable: inVerified(m.userName) || inVerified(m.email) }));
}

/** Clears every stored link (after the IdP changes, members are matched by email again). */
export async function resetSsoLinks(db: Db, workspaceId: string) {
  const { count } = await db.member.updateMany({ where: { workspaceId, ssoSubject: { not: null } }, data: { ssoSubject: null } });
  return count;
}
