// What a person changes about their own account from the profile page: their name and their password.
// Only the signed-in owner of the account calls these (app/w/[slug]/profile/actions.ts).
import { getDb } from "@/lib/db/client";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { DomainError } from "../errors";
import { nameParts } from "../member-data";
import { hashPassword, passwordProblem, verifyPassword } from "../passwords";

export const MAX_NAME_LENGTH = 100;

/** Renames the account, and the person's hand-added memberships with it (a SCIM member's name belongs to
 * the identity provider and is left alone). */
export async function setAccountName(accountId: string, input: string) {
  const db = await getDb();
  const name = input.trim();
  if (!name) throw new DomainError("invalid", "Enter your name", "name");
  if (name.length > MAX_NAME_LENGTH) throw new DomainError("invalid", `At most ${MAX_NAME_LENGTH} characters`, "name");
  if (hasUnstorableText(name)) throw new DomainError("invalid", UNSTORABLE_MESSAGE, "name");
  const parts = nameParts(name)!;
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: accountId }, data: { name } });
    const manual = await tx.member.findMany({
      where: { accountId, source: "manual" },
      select: { id: true, attributes: true },
    });
    for (const m of manual) {
      const doc = JSON.parse(m.attributes) as Record<string, unknown>;
      await tx.member.update({
        where: { id: m.id },
        data: {
          displayName: parts.formatted,
          givenName: parts.givenName ?? null,
          familyName: parts.familyName ?? null,
          attributes: JSON.stringify({ ...doc, name: parts, displayName: parts.formatted }),
          version: { increment: 1 },
        },
      });
    }
  });
  return name;
}

/** Changes the password after checking the current one, and moves the session epoch on so every other
 * session of the account ends at its next request. Returns the new epoch (the caller re-issues its own
 * session with it). */
export async function changePassword(accountId: string, input: { current: string; next: string }) {
  const db = await getDb();
  const account = await db.account.findUnique({ where: { id: accountId } });
  if (!account) throw new DomainError("not_found", "Sign in again.", "form");
  if (!account.passwordHash)
    throw new DomainError("invalid", "Your account signs in with single sign-on and has no password here.", "form");
  if (!(await verifyPassword(account.passwordHash, input.current)))
    throw new DomainError("invalid", "That is not your current password", "current");
  if (input.next === input.current)
    throw new DomainError("invalid", "Choose a password different from the current one", "next");
  const weak = passwordProblem(input.next, [account.email, account.name]);
  if (weak) throw new DomainError("invalid", weak, "next");
  const passwordHash = await hashPassword(input.next);
  // The epoch moves only if the password is still the one checked (two changes at once: one wins).
  const done = await db.account.updateMany({
    where: { id: accountId, passwordHash: account.passwordHash },
    data: { passwordHash, sessionEpoch: { increment: 1 } },
  });
  if (done.count === 0)
    throw new DomainError("conflict", "Your password was just changed elsewhere. Sign in again.", "form");
  return account.sessionEpoch + 1;
}
