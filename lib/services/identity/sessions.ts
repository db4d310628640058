// The rows behind a signed-in session (lib/auth/session.ts decides what they allow).
import { getDb } from "@/lib/db/client";

/** The account a session names, or null. */
export async function accountById(accountId: string) {
  const db = await getDb();
  return db.account.findUnique({ where: { id: accountId } });
}

/** The account's membership in the workspace `slug` (any status), with the workspace and whether it enforces SSO. */
export async function membershipBySlug(accountId: string, slug: string) {
  const db = await getDb();
  return db.member.findFirst({
    where: { accountId, workspace: { slug } },
    include: { workspace: { include: { ssoConnection: { select: { enforce: true } } } } },
  });
}

/** The account's active membership with one of `roles` in the workspace `slug`, only while the session's
 * epoch is the account's current one. */
export async function activeMembershipWithRole(
  accountId: string,
  epoch: number,
  slug: string,
  roles: readonly string[],
) {
  const db = await getDb();
  return db.member.findFirst({
    where: {
      accountId,
      account: { sessionEpoch: epoch },
      workspace: { slug },
      status: "active",
      role: { in: [...roles] },
    },
    include: { workspace: { include: { ssoConnection: { select: { enforce: true } } } }, account: true },
  });
}
