// Members managed by hand (invite, role, suspend, remove) and queries the admin pages run.
import type { Db } from "@/lib/db/client";
import { DomainError, isUniqueViolation } from "./errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords";
import { manualMemberData } from "./member-data";
import { ROLES, type Role } from "./workspaces";

export interface CreateMemberInput {
  email: string;
  role: Role;
  name?: string | null;
  /** with a password the member can sign in right away (status active); without, they are invited */
  password?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createManualMember(db: Db, workspaceId: string, input: CreateMemberInput) {
  const email = input.email.trim();
  if (!EMAIL.test(email)) throw new DomainError("invalid", "Enter a valid email address", "email");
  if (!ROLES.includes(input.role)) throw new DomainError("invalid", `Role must be one of ${ROLES.join(", ")}`, "role");
  if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError("invalid", `Password must be at least ${MIN_PASSWORD_LENGTH} characters`, "password");
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.$transaction(async (tx) => {
      let account = await tx.account.findUnique({ where: { emailLower: email.toLowerCase() } });
      if (!account) {
        account = await tx.account.create({
          data: { email, emailLower: email.toLowerCase(), name: input.name ?? null, passwordHash },
        });
      } else if (passwordHash && !account.passwordHash) {
        account = await tx.account.update({ where: { id: account.id }, data: { passwordHash } });
      }
      return tx.member.create({
        data: {
          ...manualMemberData(email, input.name ?? account.name),
          workspaceId,
          accountId: account.id,
          role: input.role,
          status: account.passwordHash ? "active" : "invited",
        },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("conflict", `${email} is already a member of this workspace`, "email");
    throw e;
  }
}
