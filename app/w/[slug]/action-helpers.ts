// The one pattern for the server actions (defineAction below): check the bound arguments, parse the form
// with zod into field errors, authorise the caller, run, turn domain errors into field or form errors, and
// return the submitted values with every error so the form keeps what was typed.
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { revalidatePath } from "next/cache";
import { adminForAction, currentAccount } from "@/lib/auth/session";
import { DomainError } from "@/lib/services/errors";

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

/** Fields never sent back to the browser (passwords, client secrets; "current" and "next" are the
 * account page's password fields). */
const SECRET_FIELD = /password|secret|confirm|^current$|^next$/i;

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
export function parseForm<T extends z.ZodType>(
  schema: T,
  form: FormData,
): { data: z.infer<T> } | { state: ActionState } {
  const parsed = schema.safeParse(formObject(form));
  if (parsed.success) {
    const unstorable = Object.entries(parsed.data as Record<string, unknown>).filter(
      ([, v]) => typeof v === "string" && hasUnstorableText(v),
    );
    if (unstorable.length)
      return { state: failed(form, Object.fromEntries(unstorable.map(([k]) => [k, UNSTORABLE_MESSAGE]))) };
    return { data: parsed.data };
  }
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { state: failed(form, errors) };
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

type MemberContext = NonNullable<Awaited<ReturnType<typeof adminForAction>>>;
type AccountContext = { account: NonNullable<Awaited<ReturnType<typeof currentAccount>>> };

/** Who may call an action: an active owner or admin (owner only) of the workspace named by `slug`, any
 * signed-in account, or anyone (first-run setup, invite links). */
export type ActionRole = "admin" | "owner" | "signedIn" | "public";
type ContextOf<W extends ActionRole> = W extends "admin" | "owner"
  ? MemberContext
  : W extends "signedIn"
    ? AccountContext
    : object;
/** Arguments bound to the action by the page (`action.bind(null, slug, id)`), checked like form fields. */
type BoundName = "slug" | "id";
type BoundValues<A extends readonly BoundName[]> = { [K in A[number]]: string };
type BoundArgs<A extends readonly BoundName[]> = { [K in keyof A]: string };

export interface ActionSpec<
  W extends ActionRole,
  S extends z.ZodType,
  R extends ActionState,
  A extends readonly BoundName[],
> {
  role: W;
  /** names of the bound arguments that come before (prevState, form), in order */
  args?: A;
  /** the form's fields; an admin or owner action without a bound slug reads the workspace's slug from here */
  schema?: S;
  /** the form error when the caller may not do this */
  refused?: string;
  /** a further condition on the caller (plan, role): the refusal's message, or null */
  precondition?: (ctx: ContextOf<W>) => string | null | Promise<string | null>;
  /** the form field a DomainError's field is shown on (default: its own, or the form) */
  errorField?: (field: string | undefined) => string;
  /** the change: a success message, or the whole state to answer */
  run: (input: z.infer<S> & BoundValues<A>, ctx: ContextOf<W> & { form: FormData }) => Promise<string | R>;
  /** paths to refresh after success ([path, "layout"] for a whole layout); a function gets the input */
  revalidate?: Revalidate | ((input: z.infer<S> & BoundValues<A>) => Revalidate);
}
type Revalidate = (string | [string, "layout"])[];

/**
 * The one shape of a server action: check the bound arguments, parse the form (field errors), authorise
 * the caller for the workspace (or the session), run the change, turn a DomainError into a field or form
 * error, refresh the pages that show it. Every failure answers with the submitted values (secrets left
 * out), so the form keeps what was typed; anything that is not a DomainError is thrown (a 500).
 */
export function defineAction<
  W extends ActionRole,
  S extends z.ZodType = z.ZodObject<Record<string, never>>,
  R extends ActionState = ActionState,
  const A extends readonly BoundName[] = [],
>(spec: ActionSpec<W, S, R, A>): (...call: [...BoundArgs<A>, R, FormData?]) => Promise<R> {
  const names = spec.args ?? ([] as unknown as A);
  const schema = spec.schema ?? z.object({});
  return async (...call: unknown[]) => {
    const bound = Object.fromEntries(names.map((n, i) => [n, call[i]]));
    const formArg = call[names.length + 1];
    if (!validArgs(bound) || (formArg !== undefined && !(formArg instanceof FormData))) return INVALID_REQUEST as R;
    const form = formArg instanceof FormData ? formArg : new FormData();
    const fail = (errors: Record<string, string>) => failed(form, errors) as R;
    const parsed = parseForm(schema, form);
    if ("state" in parsed) return parsed.state as R;
    const input = { ...(parsed.data as object), ...bound } as z.infer<S> & BoundValues<A>;
    const ctx = await authorise(spec.role, (input as { slug?: string }).slug);
    if (!ctx) return fail({ form: spec.refused ?? (spec.role === "signedIn" ? SIGNED_OUT : NOT_ALLOWED_MESSAGE) });
    const refusal = await spec.precondition?.(ctx as ContextOf<W>);
    if (refusal) return fail({ form: refusal });
    let result: string | R;
    try {
      result = await spec.run(input, { ...(ctx as ContextOf<W>), form });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return fail({ [spec.errorField ? spec.errorField(e.field) : (e.field ?? "form")]: e.message });
    }
    const state = (typeof result === "string" ? { ok: true, message: result } : result) as R;
    if (state.errors) return { ...state, values: state.values ?? submittedValues(form) };
    const paths = typeof spec.revalidate === "function" ? spec.revalidate(input) : (spec.revalidate ?? []);
    for (const p of paths)
      if (typeof p === "string") revalidatePath(p);
      else revalidatePath(p[0], p[1]);
    return state;
  };
}

const SIGNED_OUT = "Your session has ended. Sign in again.";
const NOT_ALLOWED_MESSAGE = "You are not allowed to do this in this workspace.";

async function authorise(role: ActionRole, slug: string | undefined): Promise<object | null> {
  if (role === "public") return {};
  if (role === "signedIn") {
    const account = await currentAccount();
    return account ? { account } : null;
  }
  if (typeof slug !== "string") return null;
  return adminForAction(slug, role === "owner" ? ["owner"] : undefined);
}
