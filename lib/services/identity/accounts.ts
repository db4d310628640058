// Changes to an account that only its managing workspace (identity/managed.ts) or the person may make.
import type { Db } from "@/lib/db/client";

type Tx = Pick<Db, "account">;

/** Called when the IdP of the workspace that manages the account's email signs it in: from now on the email
 * is established. A password set before that through an invite link of another workspace may be known to
 * whoever held the link (a pre-registered account), so it is removed and sessions signed in with it end; the
 * person keeps signing in with SSO. Accounts whose email was already established are left as they are. */
export async function establishManagedAccountIn(
  tx: Tx,
  account: { id: string; emailVerifiedAt: Date | null },
  now = new Date(),
) {
  if (account.emailVerifiedAt) return;
  await tx.account.update({
    where: { id: account.id },
    data: { emailVerifiedAt: now, passwordHash: null, sessionEpoch: { increment: 1 } },
  });
}
