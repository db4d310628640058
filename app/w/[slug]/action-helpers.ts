// The one pattern for the admin server actions: parse the form with zod into field errors, turn domain
// errors into field or form errors, and return the submitted values with every error so the form keeps
// what was typed. Authorization is NOT here (every action calls adminForAction itself), except in runAsOwner,
// which is the whole preamble of the owner-only settings actions.
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { revalidatePath } from "next/cache";
import { ownerForAction } from "@/lib/auth/session";
import { DomainError } from "@/lib/services/errors";

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

/** Fields never sent back to the browser (passwords, client secrets). */
const SECRET_FIELD = /password|secret|confirm/i;

/** The submitted text fields to show again after an error (files and secrets left out). */
export function submittedValues(form: FormData): Record<string, string> {
  return Object.fromEntries(Object.entries(formObject(form)).filter(([k]) => !SECRET_FIELD.test(k)));
}

/** A failed action's answer: the errors and what was submitted. */
export function failed(form: FormData, errors: Record<string, string>, extra: ActionState = {}): ActionState {
  return { ...extra, errors, values: submittedValues(form) };
}

/** Parses the form or returns the first message per field. Text the database cannot store (lib/storable-text.ts)
 * is a field error too, never a failed write. */
export function parseForm<T extends z.ZodType>(schema: T, form: FormData): { data: z.infer<T> } | { state: ActionState } {
  const parsed = schema.safeParse(formObject(form));
  if (parsed.success) {
    const unstorable = Object.entries(parsed.data as Record<string, unknown>).filter(([, v]) => typeof v === "string" && hasUnstorableText(v));
    if (unstorable.length) return { state: failed(form, Object.fromEntries(unstorable.map(([k]) => [k, UNSTORABLE_MESSAGE]))) };
    return { data: parsed.data };
  }
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { state: failed(form, errors) };
}

export const NOT_ALLOWED: ActionState = { errors: { form: "You are not allowed to do this in this workspace." } };

/** DomainErrors become a message on their field (or the form), with the submitted values when the form is
 * given; anything else is rethrown. */
export function domainErrorState(e: unknown, form?: FormData): ActionState {
  if (!(e instanceof DomainError)) throw e;
  const errors = { [e.field ?? "form"]: e.message };
  return form ? failed(form, errors) : { errors };
}

// Bound arguments of server actions (`action.bind(null, slug, id)`) arrive from the client like any other
// argument: a forged request can put anything there ({"not": "x"}). They are checked before use.
const boundSchemas = {
  slug: z.string().min(1).max(64),
  id: z.string().min(1).max(64),
  form: z.instanceof(FormData),
};

/** The answer to a server action called with arguments of the wrong shape. */
export const INVALID_REQUEST: ActionState = { errors: { form: "Invalid request." } };

/** Do the bound (and form) arguments have the shapes the action declares? */
export function validArgs(args: { slug?: unknown; id?: unknown; form?: unknown }): boolean {
  return Object.entries(args).every(([k, v]) => boundSchemas[k as keyof typeof boundSchemas].safeParse(v).success);
}

type OwnerContext = NonNullable<Awaited<ReturnType<typeof ownerForAction>>>;

/** The owner-only settings actions (single sign-on, domains, webhooks): checks that the caller is an active
 * owner of `slug` (and whatever `precondition` adds), runs the change, refreshes `path`, and answers the form:
 * the success message, or a DomainError on its field with the submitted values (when there is a form). */
export async function runAsOwner(slug: string, form: FormData | null, opts: { refused: string; path: string; precondition?: (ctx: OwnerContext) => string | null },
  fn: (ctx: OwnerContext) => Promise<string>): Promise<ActionState> {
  const fail = (errors: Record<string, string>) => (form ? failed(form, errors) : { errors });
  const ctx = await ownerForAction(slug);
  if (!ctx) return fail({ form: opts.refused });
  const refused = opts.precondition?.(ctx);
  if (refused) return fail({ form: refused });
  try {
    const message = await fn(ctx);
    revalidatePath(opts.path);
    return { ok: true, message };
  } catch (e) {
    if (e instanceof DomainError) return fail({ [e.field ?? "form"]: e.message });
    throw e;
  }
}
