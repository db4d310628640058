"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { DomainError } from "@/lib/services/errors";
import { acceptInvitation } from "@/lib/services/invitations";

export interface AcceptState {
  errors?: Partial<Record<"name" | "password" | "confirm" | "form", string>>;
}

const schema = z.object({
  token: z.string().min(1).max(100),
  name: z.string().trim().max(100, "At most 100 characters").optional(),
  password: z.string().min(1, "Enter a password").max(1024),
  confirm: z.string().max(1024).optional(),
  hasPassword: z.enum(["true", "false"]),
});

/** Joins the workspace through an invite link. The link itself is the credential, so no session is needed. */
export async function acceptInviteAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const parsed = schema.safeParse(Object.fromEntries(["token", "name", "password", "confirm", "hasPassword"].map((k) => [k, form.get(k) ?? undefined])));
  if (!parsed.success) {
    const errors: AcceptState["errors"] = {};
    for (const issue of parsed.error.issues) errors[(issue.path[0] as keyof typeof errors) ?? "form"] ??= issue.message;
    return { errors };
  }
  const { token, name, password, confirm, hasPassword } = parsed.data;
  if (name && hasUnstorableText(name)) return { errors: { name: UNSTORABLE_MESSAGE } };
  if (hasPassword === "false" && password !== confirm) return { errors: { confirm: "The passwords do not match" } };
  let joined;
  try {
    joined = await acceptInvitation(await getDb(), token, { password, name });
  } catch (e) {
    if (e instanceof DomainError) return { errors: { [e.field === "password" ? "password" : "form"]: e.message } };
    throw e;
  }
  redirect(`/signin?joined=${encodeURIComponent(joined.workspaceSlug)}&email=${encodeURIComponent(joined.email)}`);
}
