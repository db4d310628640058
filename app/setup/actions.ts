"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { DomainError } from "@/lib/services/errors";
import { createWorkspace, countWorkspaces } from "@/lib/services/workspaces";

export interface SetupState {
  errors?: Partial<Record<"name" | "ownerEmail" | "ownerPassword" | "ownerName" | "form", string>>;
  values?: { name?: string; ownerEmail?: string; ownerName?: string };
}

const schema = z.object({
  name: z.string().trim().min(1, "Enter a workspace name").max(100, "At most 100 characters"),
  ownerName: z.string().trim().max(100, "At most 100 characters").optional(),
  ownerEmail: z.email("Enter a valid email address").max(320),
  ownerPassword: z.string().min(8, "At least 8 characters").max(1024),
});

/** First-run only: creates the first workspace and its owner. Refuses once any workspace exists. */
export async function setupAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  const raw = Object.fromEntries(["name", "ownerName", "ownerEmail", "ownerPassword"].map((k) => [k, String(form.get(k) ?? "")]));
  const values = { name: raw.name, ownerEmail: raw.ownerEmail, ownerName: raw.ownerName };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const errors: SetupState["errors"] = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof typeof errors] ??= issue.message;
    return { errors, values };
  }
  const unstorable = (["name", "ownerName", "ownerEmail"] as const).filter((k) => hasUnstorableText(parsed.data[k] ?? ""));
  if (unstorable.length) return { errors: Object.fromEntries(unstorable.map((k) => [k, UNSTORABLE_MESSAGE])), values };
  if ((await countWorkspaces()) > 0) return { errors: { form: "Setup is already complete. Sign in instead." }, values };
  try {
    await createWorkspace({ ...parsed.data, ownerName: parsed.data.ownerName || undefined, plan: "enterprise" });
  } catch (e) {
    if (e instanceof DomainError) return { errors: { [e.field === "slug" ? "name" : e.field ?? "form"]: e.message }, values };
    throw e;
  }
  redirect("/signin?setup=1");
}
