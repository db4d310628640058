// Who is signed in, and may they use this workspace? Called by every page and inside every server
// action: the session cookie alone never grants access, the membership row in the database does.
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { hasUnstorableText } from "@/lib/storable-text";
import { passwordBlocked } from "@/lib/services/sso/connections";
import { accountById, activeMembershipWithRole, membershipBySlug } from "@/lib/services/identity/sessions";
import { authOptions } from "./options";

export const ADMIN_ROLES = ["owner", "admin"] as const;

interface SessionUser {
  id?: string;
  /** "password" | "sso" */
  authMethod?: string;
  /** the workspace the SSO sign-in was for */
  ssoWorkspaceId?: string;
  /** Account.sessionEpoch when the session began */
  epoch?: number;
}

async function sessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  return (session?.user as SessionUser | undefined) ?? null;
}

/** The signed-in account, or null. A session from before the account's credentials were taken over or
 * reset (Account.sessionEpoch moved on) no longer counts. */
export async function currentAccount() {
  const user = await sessionUser();
  if (!user?.id) return null;
  const account = await accountById(user.id);
  return account && account.sessionEpoch === (user.epoch ?? 0) ? account : null;
}

export async function currentAccountId(): Promise<string | null> {
  return (await currentAccount())?.id ?? null;
}

/** Enforce SSO: a member (not an owner) of a workspace that enforces SSO must have signed in through
 * that workspace's SSO, even when the session began with a password before enforcement was switched on. */
function ssoRequired(
  user: SessionUser | null,
  member: { role: string },
  workspace: { id: string; ssoConnection?: { enforce: boolean } | null },
) {
  return (
    passwordBlocked(workspace.ssoConnection?.enforce, member.role) &&
    !(user?.authMethod === "sso" && user.ssoWorkspaceId === workspace.id)
  );
}

/** The signed-in account; a signed-out visitor is sent to sign in, and then back to the page they asked for
 * (the path proxy.ts puts in x-request-path for workspace pages). */
export async function requireAccount() {
  const account = await currentAccount();
  if (!account) {
    const path = await requestPath();
    redirect(path && path.startsWith("/w/") ? `/signin?next=${encodeURIComponent(path)}` : "/signin");
  }
  return account;
}

/** The page asked for, when called while rendering a request (null elsewhere, e.g. in scripts or tests). */
async function requestPath(): Promise<string | null> {
  try {
    return (await headers()).get("x-request-path");
  } catch {
    return null;
  }
}

/** The signed-in account's active membership in the workspace `slug`, or a 404 (the workspace's
 * existence is not revealed to outsiders). Suspended members are signed out of the workspace; an invited
 * membership grants nothing until the person accepts (and is then active). */
export async function requireMembership(slug: string) {
  const account = await requireAccount();
  if (hasUnstorableText(slug)) notFound(); // (no slug holds one; PostgreSQL could not even compare it)
  const member = await membershipBySlug(account.id, slug);
  if (!member || member.status === "invited") notFound();
  if (member.status === "suspended") redirect("/signin?error=Suspended");
  if (ssoRequired(await sessionUser(), member, member.workspace)) redirect("/sso?error=SsoRequired");
  const {
    workspace: { ssoConnection: _sso, ...workspace },
    ...rest
  } = member;
  return { account, member: rest, workspace, isAdmin: (ADMIN_ROLES as readonly string[]).includes(member.role) };
}

/** Like requireMembership, for owner/admin-only pages and actions. Others are sent to their profile. */
export async function requireAdmin(slug: string) {
  const ctx = await requireMembership(slug);
  if (!ctx.isAdmin) redirect(`/w/${slug}/profile?denied=1`);
  return ctx;
}

/** Like requireMembership, for owner-only pages: single sign-on and verified domains. Whoever controls the
 * workspace's IdP and domains can sign in as any account on those domains, owners included, so an admin
 * must not be able to set them (an admin's own IdP would make the admin an owner). */
export async function requireOwner(slug: string) {
  const ctx = await requireMembership(slug);
  if (ctx.member.role !== "owner") redirect(`/w/${slug}/profile?denied=1`);
  return ctx;
}

/** ownerForAction: adminForAction for the owner-only settings (see requireOwner). */
export const ownerForAction = (slug: string) => adminForAction(slug, ["owner"]);

/** For server actions: the same checks, returning a result instead of redirecting when not allowed. */
export async function adminForAction(slug: string, roles: readonly string[] = ADMIN_ROLES) {
  const user = await sessionUser();
  if (!user?.id || hasUnstorableText(slug)) return null;
  const member = await activeMembershipWithRole(user.id, user.epoch ?? 0, slug, roles);
  if (!member || ssoRequired(user, member, member.workspace)) return null;
  const {
    workspace: { ssoConnection: _sso, ...workspace },
    ...rest
  } = member;
  return { member: rest, workspace };
}
