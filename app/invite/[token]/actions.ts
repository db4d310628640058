"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { currentAccount } from "@/lib/auth/session";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { DomainError } from "@/lib/services/errors";
import { acceptAsAccount, acceptWithNewAccount } from "@/lib/services/invitations";

export interface AcceptState {
  errors?: Partial<Record<"name" | "password" | "confirm" | "form", string>>;
  /** what was typed, so a refused form keeps it (passwords are never sent back) */
  values?: { name?: string };
}

const token = z.string().min(1).max(100);

const newAccountSchema = z.object({
  token,
  name: z.string().trim().max(100, "At most 100 characters").optional(),
  password: z.string().min(1, "Enter a password").max(1024),
  confirm: z.string().max(1024).optional(),
});

function fields(form: FormData, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, typeof form.get(k) === "string" ? form.get(k) : undefined]));
}

function errorState(e: unknown, values: AcceptState["values"]): AcceptState {
  if (e instanceof DomainError) return { errors: { [e.field === "password" ? "password" : "form"]: e.message }, values };
  throw e;
}

/** Joins through an invite link with a new account. The link itself is the workspace's consent, so no
 * session is needed; an email that already has an account is refused (its owner signs in and accepts). */
export async function acceptInviteAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const parsed = newAccountSchema.safeParse(fields(form, ["token", "name", "password", "confirm"]));
  const values = { name: typeof form.get("name") === "string" ? String(form.get("name")).slice(0, 100) : undefined };
  if (!parsed.success) {
    const errors: AcceptState["errors"] = {};
    for (const issue of parsed.error.issues) errors[(issue.path[0] as keyof typeof errors) ?? "form"] ??= issue.message;
    return { errors, values };
  }
  const { name, password, confirm } = parsed.data;
  if (name && hasUnstorableText(name)) return { errors: { name: UNSTORABLE_MESSAGE }, values };
  if (password !== confirm) return { errors: { confirm: "The passwords do not match" }, values };
  let joined;
  try {
    joined = await acceptWithNewAccount(parsed.data.token, { password, name });
  } catch (e) {
    return errorState(e, values);
  }
  redirect(`/signin?joined=${encodeURIComponent(joined.workspaceSlug)}&email=${encodeURIComponent(joined.email)}`);
}

/** Joins through an invite link with the account the person is signed in to (the session proves it is
 * theirs). */
export async function joinAsAccountAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const parsed = token.safeParse(form.get("token"));
  if (!parsed.success) return { errors: { form: "This invite link is invalid." } };
  const account = await currentAccount();
  if (!account) return { errors: { form: "Sign in to accept the invitation." } };
  let joined;
  try {
    joined = await acceptAsAccount(parsed.data, account.id);
  } catch (e) {
    return errorState(e, {});
  }
  redirect(`/w/${joined.workspaceSlug}`);
}
