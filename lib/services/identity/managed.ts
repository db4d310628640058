// Who manages an account: the workspace that verified the domain of the account's email (DNS proves control
// of those mailboxes, the model Atlassian uses for managed accounts). Verification is exclusive (one workspace
// per domain, Domain.verifiedDomain is unique) and public mail domains can never be verified, so every email
// has at most one managing workspace, and most have none.
import type { Db } from "@/lib/db/client";
import { emailDomain, isPublicMailDomain } from "@/lib/identity/email-domain";

type Reader = Pick<Db, "domain">;

/** The id of the workspace that manages accounts with this email, or null. */
export async function managingWorkspaceId(db: Reader, email: string | null | undefined): Promise<string | null> {
  const domain = emailDomain(email);
  if (!domain || isPublicMailDomain(domain)) return null;
  const row = await db.domain.findUnique({
    where: { verifiedDomain: domain },
    select: { workspaceId: true, verifiedAt: true },
  });
  return row?.verifiedAt ? row.workspaceId : null;
}

/** True when `workspaceId` verified the domain of `email`: it may then act on that email's account without
 * the person's consent (link it, sign it in through its IdP). */
export async function workspaceManages(
  db: Reader,
  workspaceId: string,
  email: string | null | undefined,
): Promise<boolean> {
  return (await managingWorkspaceId(db, email)) === workspaceId;
}
