// Invite links: how a member who is not linked to an account yet (invited by hand, or provisioned over SCIM
// for an email the workspace does not manage) joins. An admin copies the one-time link and sends it however
// they like — no email server needed. The link is the workspace's consent; the person's is either choosing a
// password for a new account, or being signed in to the existing account of that email when accepting.
// Accepting never sets or checks a password on an existing account, so a link (which any admin of the
// workspace can open) gives no way into an account someone else already has.
// The link's secret is 256 random bits; only its SHA-256 hash is stored; links expire after INVITE_TTL_DAYS
// and work once.
import crypto from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import { appUrl } from "@/lib/config";
import { DomainError, isUniqueViolation } from "./errors";
import { hashPassword, passwordProblem } from "./passwords";
import { nameParts } from "./member-data";
import { managingWorkspaceId } from "./identity/managed";
import { isEmailAddress } from "@/lib/identity/email-domain";
import { foldCase } from "@/lib/scim/fold";
import { recordAudit, SYSTEM, type AuditActor } from "./audit";

export const INVITE_TTL_DAYS = 7;

/** The address an invitation is for: the userName when it is an email (SCIM userName is usually the UPN or
 * mail), else the member's work email. Accounts are keyed by it. */
export function invitedEmail(member: { userName: string; email: string | null }): string | null {
  if (isEmailAddress(member.userName)) return member.userName;
  return isEmailAddress(member.email) ? member.email : null;
}

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Creates (or replaces) the invite link of a member of `workspaceId` who has no account linked yet. */
export async function createInviteLink(
  workspaceId: string,
  memberId: string,
  actor: AuditActor = SYSTEM,
  now = new Date(),
) {
  const db = await getDb();
  const member = await db.member.findFirst({
    where: { id: memberId, workspaceId },
    select: { id: true, status: true, accountId: true, userName: true, displayName: true, email: true },
  });
  if (!member) throw new DomainError("not_found", "No such member in this workspace.");
  if (!invitedEmail(member))
    throw new DomainError(
      "invalid",
      "This member has no email address (neither the userName nor a work email is one).",
      "form",
    );
  if (member.accountId)
    throw new DomainError(
      "invalid",
      "This member has already joined; invite links are for people who have not.",
      "form",
    );
  if (member.status === "suspended")
    throw new DomainError("invalid", "Reactivate this member before sending an invite link.", "form");
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000);
  await db.$transaction(async (tx) => {
    const replaced = await tx.invitation.count({ where: { memberId } });
    await tx.invitation.upsert({
      where: { memberId },
      create: { workspaceId, memberId, tokenHash: hash(token), expiresAt, createdAt: now },
      update: { tokenHash: hash(token), expiresAt, createdAt: now },
    });
    await recordAudit(
      tx,
      workspaceId,
      actor,
      "invitation.sent",
      { type: "member", id: member.id, label: member.displayName || member.userName },
      { email: invitedEmail(member), replacedLink: replaced > 0 },
    );
  });
  return { url: `${appUrl()}/invite/${token}`, expiresAt };
}

async function pending(db: Pick<Db, "invitation">, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hash(token) },
    include: {
      workspace: { select: { id: true, name: true, slug: true } },
      member: {
        select: {
          id: true,
          userName: true,
          email: true,
          displayName: true,
          status: true,
          accountId: true,
          attributes: true,
        },
      },
    },
  });
  if (!inv || inv.expiresAt <= now || inv.member.accountId || inv.member.status === "suspended") return null;
  const email = invitedEmail(inv.member);
  return email ? { ...inv, email } : null;
}

/** What the invite page shows, or null when the link is unknown, used or expired. The same for every email:
 * whether an account exists is never revealed here. */
export async function findInvitation(token: string, now = new Date()) {
  const db = await getDb();
  const inv = await pending(db, token, now);
  if (!inv) return null;
  return {
    workspace: { name: inv.workspace.name, slug: inv.workspace.slug },
    email: inv.email,
    name: inv.member.displayName,
  };
}

const USED = () =>
  new DomainError(
    "not_found",
    "This invite link is invalid, expired or already used. Ask a workspace admin for a new one.",
    "form",
  );

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Pending = NonNullable<Awaited<ReturnType<typeof pending>>>;

/** Uses up the link and links the member to `accountId` (an invited member becomes active; a SCIM member
 * keeps the status its identity provider set). Deleting the invitation first makes the link single-use even
 * when two tabs submit at once. */
async function join(tx: Tx, inv: Pending, accountId: string, name: string | null) {
  const used = await tx.invitation.deleteMany({ where: { id: inv.id } });
  if (used.count === 0) throw USED();
  const already = await tx.member.count({ where: { workspaceId: inv.workspace.id, accountId } });
  if (already) throw new DomainError("conflict", "Your account is already a member of this workspace.", "form");
  const parts = nameParts(name);
  const doc = JSON.parse(inv.member.attributes) as Record<string, unknown>;
  const named = parts && !inv.member.displayName;
  const linked = await tx.member.updateMany({
    where: { id: inv.member.id, accountId: null },
    data: {
      accountId,
      ...(inv.member.status === "invited" ? { status: "active" } : {}),
      version: { increment: 1 },
      ...(named
        ? {
            displayName: parts.formatted,
            givenName: parts.givenName ?? null,
            familyName: parts.familyName ?? null,
            attributes: JSON.stringify({ ...doc, name: parts, displayName: parts.formatted }),
          }
        : {}),
    },
  });
  if (linked.count === 0) throw USED();
  await recordAudit(
    tx,
    inv.workspace.id,
    { memberId: inv.member.id, label: inv.email },
    "invitation.accepted",
    { type: "member", id: inv.member.id, label: inv.member.displayName || inv.member.userName },
    { email: inv.email },
  );
}

export interface NewAccountInput {
  password: string;
  name?: string | null;
}

/** Joins with a new account for the invited email. Refused when that email already has an account (the
 * person signs in to it and accepts instead) or when another workspace manages the email's domain (its SSO
 * creates those accounts). */
export async function acceptWithNewAccount(token: string, input: NewAccountInput, now = new Date()) {
  const db = await getDb();
  const inv = await pending(db, token, now);
  if (!inv) throw USED();
  const email = inv.email;
  const weak = passwordProblem(input.password, [email, input.name, inv.workspace.name]);
  if (weak) throw new DomainError("invalid", weak, "password");
  const manager = await managingWorkspaceId(db, email);
  if (manager && manager !== inv.workspace.id) {
    throw new DomainError(
      "forbidden",
      "Accounts for this email's domain are managed by its organisation's single sign-on. Sign in with SSO first, then open this link again.",
      "form",
    );
  }
  const passwordHash = await hashPassword(input.password);
  const name = input.name?.trim() || null;
  try {
    await db.$transaction(async (tx) => {
      const account = await tx.account.create({
        data: {
          email,
          emailLower: foldCase(email),
          name,
          passwordHash,
          // The inviting workspace manages this domain itself: its word establishes the email.
          emailVerifiedAt: manager === inv.workspace.id ? now : null,
        },
      });
      await join(tx, inv, account.id, name);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw existingAccount();
    throw e;
  }
  return { workspaceSlug: inv.workspace.slug, email };
}

const existingAccount = () =>
  new DomainError("conflict", "This email already has an account. Sign in with it to accept the invitation.", "form");

/** Joins with the account the person is signed in to. Its email must be the invited one: the workspace
 * invited that address, and its SCIM userName and SSO matching rely on it. */
export async function acceptAsAccount(token: string, accountId: string, now = new Date()) {
  const db = await getDb();
  const inv = await pending(db, token, now);
  if (!inv) throw USED();
  const account = await db.account.findUnique({ where: { id: accountId }, select: { id: true, emailLower: true } });
  if (!account) throw new DomainError("forbidden", "Sign in to accept the invitation.", "form");
  if (account.emailLower !== foldCase(inv.email)) {
    throw new DomainError(
      "forbidden",
      `This invitation is for ${inv.email}. Sign out, then open the link again and sign in with that email.`,
      "form",
    );
  }
  await db.$transaction((tx) => join(tx, inv, account.id, null));
  return { workspaceSlug: inv.workspace.slug, email: inv.email };
}
