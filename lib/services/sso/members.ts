// Which member an SSO sign-in belongs to. First the subject (NameID / sub) already linked to a member;
// otherwise the member whose SCIM userName or work email equals the asserted email (case-insensitive),
// which then gets the subject stored so later email changes keep the link. With JIT on, an unmatched
// person becomes a new member (source "sso"). Only for emails on the workspace's verified domains.
import { recordAudit, type AuditActor } from "../audit";
import { getDb, type Db } from "@/lib/db/client";
import { SsoError } from "@/lib/sso/errors";
import type { AssertedIdentity } from "@/lib/sso/identity";
import { isUniqueViolation } from "../errors";
import { establishManagedAccountIn } from "../identity/accounts";
import { workspaceManages } from "../identity/managed";
import { foldCase } from "@/lib/scim/fold";

export type MatchedBy = "subject" | "userName" | "email";

export interface MemberMatch {
  member: {
    id: string;
    userName: string;
    displayName: string | null;
    status: string;
    role: string;
    accountId: string | null;
    ssoSubject: string | null;
    source: string;
  };
  by: MatchedBy;
}

const memberSelect = {
  id: true,
  userName: true,
  displayName: true,
  status: true,
  role: true,
  accountId: true,
  ssoSubject: true,
  source: true,
  email: true,
} as const;

/** Finds the member without changing anything (also used by "Test SSO"). */
export async function findSsoMember(
  workspaceId: string,
  identity: Pick<AssertedIdentity, "subject" | "email">,
): Promise<MemberMatch | null> {
  return memberFor(await getDb(), workspaceId, identity);
}

async function memberFor(
  db: Db,
  workspaceId: string,
  identity: Pick<AssertedIdentity, "subject" | "email">,
): Promise<MemberMatch | null> {
  const bySubject = await db.member.findUnique({
    where: { workspaceId_ssoSubject: { workspaceId, ssoSubject: identity.subject } },
    select: memberSelect,
  });
  if (bySubject) return { member: bySubject, by: "subject" };
  if (!identity.email) return null;
  const lower = foldCase(identity.email);
  const byUserName = await db.member.findUnique({
    where: { workspaceId_userNameLower: { workspaceId, userNameLower: lower } },
    select: memberSelect,
  });
  if (byUserName) return { member: byUserName, by: "userName" };
  const byEmail = await db.member.findMany({
    where: { workspaceId, emailLower: lower },
    select: memberSelect,
    take: 2,
  });
  return byEmail.length === 1 ? { member: byEmail[0], by: "email" } : null;
}

export interface SignInTarget {
  memberId: string;
  accountId: string;
  created: boolean;
}

/** Resolves (and if allowed creates) the member for a validated SSO identity, links the subject and
 * returns the account to sign in. Throws SsoError for every refusal.
 *
 * The workspace's IdP speaks only for the accounts the workspace manages (identity/managed.ts): the asserted
 * email must be on one of its verified domains — for matching, linking and JIT alike — and the account it
 * signs in must be one too. Anyone else (an invited contractor with their own account) signs in with their
 * own credentials. So an IdP configured by one workspace can never sign in an account of another. */
export async function resolveSsoSignIn(
  workspaceId: string,
  identity: AssertedIdentity,
  opts: { jit: boolean },
): Promise<SignInTarget> {
  if (!identity.email) throw new SsoError("no_email");
  const db = await getDb();
  if (!(await workspaceManages(db, workspaceId, identity.email))) throw new SsoError("domain_not_verified");
  let match = await memberFor(db, workspaceId, identity);
  let created = false;
  if (!match) {
    if (!opts.jit) throw new SsoError("unknown_member");
    match = { member: await createJitMember(db, workspaceId, identity), by: "subject" };
    created = true;
  }
  const m = match.member;
  if (m.status === "suspended") throw new SsoError("suspended");
  if (m.ssoSubject && m.ssoSubject !== identity.subject) throw new SsoError("linked_elsewhere");
  try {
    const accountId = await db.$transaction(async (tx) => {
      const account = m.accountId
        ? await tx.account.findUnique({ where: { id: m.accountId } })
        : await accountFor(tx, identity.email!, identity);
      if (!account || !(await workspaceManages(tx, workspaceId, account.email)))
        throw new SsoError("account_not_managed");
      if (!m.accountId && (await tx.member.count({ where: { workspaceId, accountId: account.id } })))
        throw new SsoError("linked_elsewhere");
      await establishManagedAccountIn(tx, account);
      await tx.member.update({
        where: { id: m.id },
        data: {
          ssoSubject: identity.subject,
          accountId: account.id,
          ...(m.status === "invited" ? { status: "active" } : {}),
        },
      });
      return account.id;
    });
    return { memberId: m.id, accountId, created };
  } catch (e) {
    if (isUniqueViolation(e)) throw new SsoError("linked_elsewhere");
    throw e;
  }
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The account a member signs in with: the one with the asserted email (the workspace manages it), else a
 * new one without a password (an SSO-only account), its email established by this sign-in. */
async function accountFor(tx: Tx, email: string, identity: AssertedIdentity) {
  const emailLower = foldCase(email);
  const existing = await tx.account.findUnique({ where: { emailLower } });
  if (existing) return existing;
  const name = identity.displayName ?? ([identity.firstName, identity.lastName].filter(Boolean).join(" ") || null);
  return tx.account.create({ data: { email, emailLower, name, passwordHash: null, emailVerifiedAt: new Date() } });
}

async function createJitMember(db: Db, workspaceId: string, identity: AssertedIdentity) {
  const email = identity.email!;
  const displayName =
    identity.displayName ?? ([identity.firstName, identity.lastName].filter(Boolean).join(" ") || null);
  try {
    return await db.member.create({
      data: {
        workspaceId,
        userName: email,
        userNameLower: foldCase(email),
        email,
        emailLower: foldCase(email),
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
/** Before "Enforce SSO": how many members (owners and suspended members aside) have no SSO link yet, how many
 * of them cannot be matched (neither userName nor email on a verified domain), and the first `shown` of them
 * by name, those that cannot be matched first. Every such member is counted; only the listed ones are named. */
export async function unlinkedMembers(workspaceId: string, shown: number) {
  const db = await getDb();
  const verified = (
    await db.domain.findMany({ where: { workspaceId, verifiedAt: { not: null } }, select: { domain: true } })
  ).map((d) => d.domain);
  const rows = await db.member.findMany({
    where: { workspaceId, ssoSubject: null, status: { not: "suspended" }, role: { not: "owner" } },
    select: { id: true, userName: true, email: true, displayName: true, role: true },
    orderBy: { userNameLower: "asc" },
  });
  const inVerified = (s: string | null) => !!s && verified.some((d) => s.toLowerCase().endsWith(`@${d}`));
  const all = rows.map((m) => ({ ...m, matchable: inVerified(m.userName) || inVerified(m.email) }));
  const blocked = all.filter((m) => !m.matchable);
  return {
    total: all.length,
    blocked: blocked.length,
    rows: [...blocked, ...all.filter((m) => m.matchable)].slice(0, shown),
  };
}

/** Clears every stored link (after the IdP changes, members are matched by email again). */
/** `actor` is given when an admin asks for it ("Reset SSO links"), which is audited; the resets that come
 * with a new identity provider are part of that change's own entry. */
export async function resetSsoLinks(workspaceId: string, actor?: AuditActor) {
  const db = await getDb();
  const { count } = await db.member.updateMany({
    where: { workspaceId, ssoSubject: { not: null } },
    data: { ssoSubject: null },
  });
  if (actor)
    await recordAudit(db, workspaceId, actor, "sso.links_reset", { type: "sso", label: "SSO links" }, { links: count });
  return count;
}
