// Who is signed in, and may they use this workspace? Called by every page and inside every server
// action: the session cookie alone never grants access, the membership row in the database does.
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { authOptions } from "./options";

export const ADMIN_ROLES = ["owner", "admin"] as const;

export async function currentAccountId(): Promise<string | null> {
  const session = await getServerSession(authOptions());
  return ((session?.user as { id?: string } | undefined)?.id ?? null) || null;
}

export async function requireAccount() {
  const id = await currentAccountId();
  const db = await getDb();
  const account = id ? await db.account.findUnique({ where: { id } }) : null;
  if (!account) redirect("/signin");
  return account;
}

/** The signed-in account's active membership in the workspace `slug`, or a 404 (the workspace's
 * existence is not revealed to outsiders). Suspended members are signed out of the workspace. */
export async function requireMembership(slug: string) {
  const account = await requireAccount();
  const db = await getDb();
  const member = await db.member.findFirst({
    where: { accountId: account.id, workspace: { slug } },
    include: { workspace: true },
  });
  if (!member) notFound();
  if (member.status === "suspended") redirect("/signin?error=Suspended");
  const { workspace, ...rest } = member;
  return { account, member: rest, workspace, isAdmin: (ADMIN_ROLES as readonly string[]).includes(member.role) };
}

/** Like requireMembership, for owner/admin-only pages and actions. Others are sent to their profile. */
export async function requireAdmin(slug: string) {
  const ctx = await requireMembership(slug);
  if (!ctx.isAdmin) redirect(`/w/${slug}/profile?denied=1`);
  return ctx;
}

/** For server actions: the same checks, returning a result instead of redirecting when not allowed. */
export async function adminForAction(slug: string) {
  const id = await currentAccountId();
  if (!id) return null;
  const db = await getDb();
  const member = await db.member.findFirst({
    where: { accountId: id, workspace: { slug }, status: { not: "suspended" }, role: { in: [...ADMIN_ROLES] } },
    include: { workspace: true, account: true },
  });
  if (!member) return null;
  const { workspace, ...rest } = member;
  return { member: rest, workspace };
}
