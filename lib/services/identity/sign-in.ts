// The two ways to sign in (lib/auth/options.ts wires them into next-auth): email + password, throttled in
// the database (login-throttle.ts) so every server process sees the same failures; and the one-time
// ticket the SAML ACS / OIDC callback issued after validating the identity provider's answer.
import crypto from "node:crypto";
import { database, getDb } from "@/lib/db/client";
import { redeemLoginTicket } from "../sso/login-tickets";
import { hashPassword, verifyPassword } from "../passwords";
import { passwordBlocked } from "../sso/connections";
import { loginAllowed, loginFailed, loginSucceeded } from "../login-throttle";

export interface SignedIn {
  id: string;
  email: string;
  name: string | null;
  authMethod: "password" | "sso";
  ssoWorkspaceId?: string;
  epoch: number;
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, verified against when there is no account (or no password), so an
 * unknown email takes as long as a known one. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(32).toString("base64"));
  return dummy;
}

/** The account whose password this is, or null for a wrong email or password. Throws Error("TooManyAttempts"),
 * Error("Suspended") or Error("SsoRequired") (next-auth shows the message's page). */
export async function passwordSignIn(emailLower: string, password: string, address: string): Promise<SignedIn | null> {
  const db = await getDb();
  const { sql } = database();
  if (!(await loginAllowed(sql, emailLower, address))) throw new Error("TooManyAttempts");
  const account = await db.account.findUnique({
    where: { emailLower },
    include: {
      memberships: {
        select: { status: true, role: true, workspace: { select: { ssoConnection: { select: { enforce: true } } } } },
      },
    },
  });
  // No account (or no password): verify against a dummy hash, so the answer takes as long.
  const ok =
    (await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password)) && !!account?.passwordHash;
  if (!account || !ok) {
    await loginFailed(sql, emailLower, address);
    return null;
  }
  // Signing in needs at least one membership that is not suspended. Invitations don't count either
  // way: an account with only pending ones signs in to accept them.
  const joined = account.memberships.filter((m) => m.status !== "invited");
  if (joined.length > 0 && joined.every((m) => m.status === "suspended")) {
    throw new Error("Suspended");
  }
  // Enforce SSO: password sign-in needs one active membership that still allows it (owners always do).
  const usable = joined.filter((m) => m.status !== "suspended");
  if (usable.length > 0 && usable.every((m) => passwordBlocked(m.workspace.ssoConnection?.enforce, m.role))) {
    throw new Error("SsoRequired");
  }
  await loginSucceeded(sql, emailLower, address);
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    authMethod: "password",
    epoch: account.sessionEpoch,
  };
}

/** Redeems an SSO login ticket in the browser that started the flow (`binding`, its cookie). Throws SsoError
 * when the ticket is not valid; null when its account is gone. */
export async function ssoTicketSignIn(ticket: string, binding: string | undefined): Promise<SignedIn | null> {
  const db = await getDb();
  const { accountId, workspaceId } = await redeemLoginTicket(ticket, binding);
  const account = await db.account.findUnique({ where: { id: accountId } });
  if (!account) return null;
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    authMethod: "sso",
    ssoWorkspaceId: workspaceId,
    epoch: account.sessionEpoch,
  };
}
