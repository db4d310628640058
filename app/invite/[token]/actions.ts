"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptAsAccount, acceptWithNewAccount } from "@/lib/services/invitations";
import { defineAction } from "@/app/w/[slug]/action-helpers";

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

// Only the password's problems are shown on its field; any other refusal is about the link.
const errorField = (field: string | undefined) => (field === "password" ? "password" : "form");

/** Joins through an invite link with a new account. The link itself is the workspace's consent, so no
 * session is needed; an email that already has an account is refused (its owner signs in and accepts). */
export const acceptInviteAction = defineAction<"public", typeof newAccountSchema, AcceptState>({
  role: "public",
  schema: newAccountSchema,
  errorField,
  run: async ({ token, name, password, confirm }) => {
    if (password !== confirm) return { errors: { confirm: "The passwords do not match" } };
    const joined = await acceptWithNewAccount(token, { password, name });
    redirect(`/signin?joined=${encodeURIComponent(joined.workspaceSlug)}&email=${encodeURIComponent(joined.email)}`);
  },
});

/** Joins through an invite link with the account the person is signed in to (the session proves it is
 * theirs). */
export const joinAsAccountAction = defineAction<"signedIn", z.ZodObject<Record<string, never>>, AcceptState>({
  role: "signedIn",
  refused: "Sign in to accept the invitation.",
  errorField,
  run: async (_input, { account, form }) => {
    const parsed = token.safeParse(form.get("token"));
    if (!parsed.success) return { errors: { form: "This invite link is invalid." } };
    const joined = await acceptAsAccount(parsed.data, account.id);
    redirect(`/w/${joined.workspaceSlug}`);
  },
});
