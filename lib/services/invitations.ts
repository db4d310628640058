// Invite links: an admin invites someone (a member with status "invited"), copies a one-time link and
// sends it however they like — no email server needed. Opening the link lets the person set a password
// (or confirm the one they already have for another workspace) and join. The link's secret is 256 random
// bits; only its SHA-256 hash is stored; links expire after INVITE_TTL_DAYS and work once.
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import { appUrl } from "@/lib/config";
import { DomainError } from "./errors";
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from "./passwords";
import { nameParts } from "./member-data";

export const INVITE_TTL_DAYS = 7;

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Creates (or replaces) the invite link of an invited member of `workspaceId`. */
export async function createInviteLink(db: Db, workspaceId: string, memberId: string, now = new Date()) {
  const member = await db.member.findFirst({ where: { id: memberId, workspaceId }, select: { id: true, status: true } });
  if (!member) throw new DomainError("not_found", "No such member in this workspace.");
  if (member.status !== "invited") throw new DomainError("invalid", "Only invited members get an invite link.", "form");
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000);
  await db.invitation.upsert({
    where: { memberId },
    create: { workspaceId, memberId, tokenHash: hash(token), expiresAt },
    update: { tokenHash: hash(token), expiresAt, createdAt: now },
  });
  return { url: `${appUrl()}/invite/${token}`, expiresAt };
}

/** The pending invitation behind a link, or null when the link is unknown, used or expired. */
export async function findInvitation(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hash(token) },
    include: {
      workspace: { select: { name: true, slug: true } },
      member: { select: { id: true, userName: true, displayName: true, status: true, account: { select: { id: true, passwordHash: true } } } },
    },
  });
  if (!inv || inv.expiresAt <= now || inv.member.status !== "invited") return null;
  return {
    workspace: inv.workspace,
    email: inv.member.userName,
    name: inv.member.displayName,
    /** the person already signs in elsewhere: they confirm their password instead of choosing one */
    hasPassword: !!inv.member.account?.passwordHash,
  };
}

export interface AcceptInput {
  password: string;
  name?: string | null;
}

/** Joins the workspace: sets (or checks) the password, activates the member, uses up the link. */
export async function acceptInvitation(db: Db, token: string, input: AcceptInput, now = new Date()) {
  const found = await findInvitation(db, token, now);
  if (!found) throw new DomainError("not_found", "This invite link is invalid, expired or already used. Ask a workspace admin for a new one.", "form");
  const inv = await db.invitation.findUniqueOrThrow({ where: { tokenHash: hash(token) }, include: { member: { include: { account: true } } } });
  const account = inv.member.account;
  if (account?.passwordHash) {
    if (!(await verifyPassword(account.passwordHash, input.password))) {
      throw new DomainError("invalid", "That is not the password of this account.", "password");
    }
  } else if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError("invalid", `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`, "password");
  }
  const passwordHash = account?.passwordHash ? null : await hashPassword(input.password);
  const name = input.name?.trim() || null;
  await db.$transaction(async (tx) => {
    // Deleting the invitation first makes the link single-use even when two tabs submit at once.
    const used = await tx.invitation.deleteMany({ where: { id: inv.id } });
    if (used.count === 0) throw new DomainError("not_found", "This invite link was already used.", "form");
    const accountId =
      account?.id ??
      (await tx.account.create({ data: { email: inv.member.userName, emailLower: inv.member.userNameLower, name } })).id;
    if (passwordHash) await tx.account.update({ where: { id: accountId }, data: { passwordHash, ...(name ? { name } : {}) } });
    const doc = JSON.parse(inv.member.attributes) as Record<string, unknown>;
    const parts = nameParts(name);
    const named = parts && !inv.member.displayName ? { name: parts, displayName: parts.formatted } : {};
    await tx.member.update({
      where: { id: inv.memberId },
      data: {
        accountId,
        status: "active",
        version: { increment: 1 },
        ...(parts && !inv.member.displayName
          ? { displayName: parts.formatted, givenName: parts.givenName ?? null, familyName: parts.familyName ?? null }
          : {}),
        attributes: JSON.stringify({ ...doc, ...named }),
      },
    });
  });
  return { workspaceSlug: found.workspace.slug, email: found.email };
}
