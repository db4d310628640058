// Members added by hand: invited from the admin UI, or created by the server's operator with the admin CLI.
// Neither may reach an account the workspace does not own (README "Accounts and workspaces"): an invited
// member stays unlinked until the person accepts, and a password is only ever set on a new account.
import { getDb, type Db } from "@/lib/db/client";
import { adminMemberEventIn } from "./admin/webhook-events";
import { DomainError, isUniqueViolation } from "./errors";
import { hashPassword, passwordProblem } from "./passwords";
import { manualMemberData } from "./member-data";
import { managingWorkspaceId } from "./identity/managed";
import { ROLES, type Role } from "./workspaces";
import { isEmailAddress } from "@/lib/identity/email-domain";
import { foldCase } from "@/lib/scim/fold";

export interface CreateMemberInput {
  email: string;
  role: Role;
  name?: string | null;
  /** admin CLI only: a password for a new account, so the member can sign in right away */
  password?: string | null;
}

function validate(input: CreateMemberInput) {
  const email = input.email.trim();
  if (!isEmailAddress(email)) throw new DomainError("invalid", "Enter a valid email address", "email");
  if (!ROLES.includes(input.role)) throw new DomainError("invalid", `Role must be one of ${ROLES.join(", ")}`, "role");
  const weak = input.password != null ? passwordProblem(input.password, [email, input.name]) : null;
  if (weak) throw new DomainError("invalid", weak, "password");
  return email;
}

const duplicate = (email: string) =>
  new DomainError("conflict", `${email} is already a member of this workspace`, "email");

/** An invited member, not linked to any account: the same row and the same answer whether or not the email
 * has an account somewhere, so inviting reveals nothing. The person joins through the invite link. */
export async function inviteManualMemberIn(db: Db, workspaceId: string, input: Omit<CreateMemberInput, "password">) {
  const email = validate(input);
  try {
    return await db.$transaction(async (tx) => {
      const member = await tx.member.create({
        data: {
          ...manualMemberData(email, input.name ?? null),
          workspaceId,
          accountId: null,
          role: input.role,
          status: "invited",
        },
      });
      await adminMemberEventIn(tx, workspaceId, "member.created", member.id, {});
      return member;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(email);
    throw e;
  }
}

/** {@link inviteManualMemberIn} on the app's connection. */
export async function inviteManualMember(workspaceId: string, input: Omit<CreateMemberInput, "password">) {
  return inviteManualMemberIn(await getDb(), workspaceId, input);
}

export type CreatedHow = "new_account" | "managed_account" | "invited";

/** The admin CLI's `user create`, which acts for the workspace like an invite link does. A new email with a
 * password gets an account and an active member (unless another workspace manages the email's domain);
 * without a password the member is invited. An existing account is linked only when the workspace manages its email (a verified domain) and the
 * email is established; otherwise the member is invited like from the UI. An existing account's password is
 * never touched. */
export async function createManualMember(workspaceId: string, input: CreateMemberInput) {
  const db = await getDb();
  const email = validate(input);
  const emailLower = foldCase(email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const manager = await managingWorkspaceId(db, email);
  const manages = manager === workspaceId;
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.account.findUnique({ where: { emailLower } });
      let how: CreatedHow;
      let accountId: string | null = null;
      if (!existing && passwordHash && (!manager || manages)) {
        // Like an invite link the CLI acts for the workspace: the email counts as established only when the
        // workspace manages its domain, and no account is made on a domain another workspace manages.
        accountId = (
          await tx.account.create({
            data: {
              email,
              emailLower,
              name: input.name ?? null,
              passwordHash,
              emailVerifiedAt: manages ? new Date() : null,
            },
          })
        ).id;
        how = "new_account";
      } else if (existing && manages && existing.emailVerifiedAt) {
        accountId = existing.id;
        how = "managed_account";
      } else {
        how = "invited";
      }
      if (accountId && (await tx.member.count({ where: { workspaceId, accountId } }))) throw duplicate(email);
      const member = await tx.member.create({
        data: {
          ...manualMemberData(email, input.name ?? existing?.name ?? null),
          workspaceId,
          accountId,
          role: input.role,
          status: accountId ? "active" : "invited",
        },
      });
      await adminMemberEventIn(tx, workspaceId, "member.created", member.id, {});
      return { ...member, how };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(email);
    throw e;
  }
}
