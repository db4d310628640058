// Shared plumbing for the admin server actions: form parsing with zod into field errors, and domain
// errors into form errors. Authorization is NOT here: every action calls adminForAction itself.
import type { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { DomainError } from "@/lib/services/errors";

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

/** Parses the form or returns the first message per field. Text the database cannot store (lib/storable-text.ts)
 * is a field error too, never a failed write. */
export function parseForm<T extends z.ZodType>(schema: T, form: FormData): { data: z.infer<T> } | { state: ActionState } {
  const parsed = schema.safeParse(formObject(form));
  if (parsed.success) {
    const unstorable = Object.entries(parsed.data as Record<string, unknown>).filter(([, v]) => typeof v === "string" && hasUnstorableText(v));
    if (unstorable.length) return { state: { errors: Object.fromEntries(unstorable.map(([k]) => [k, UNSTORABLE_MESSAGE])) } };
    return { data: parsed.data };
  }
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { state: { errors } };
}

export const NOT_ALLOWED: ActionState = { errors: { form: "You are not allowed to do this in this workspace." } };

/** DomainErrors become a message on their field (or the form); anything else is rethrown. */
export function domainErrorState(e: unknown): ActionState {
  if (e instanceof DomainError) return { errors: { [e.field ?? "form"]: e.message } };
  throw e;
}
