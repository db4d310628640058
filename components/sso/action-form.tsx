"use client";
// A form bound to a server action through useActionState: shows the action's message or error, and
// each field's error next to the field (fields look up `fieldErrors` by name via FieldError).
import { createContext, useActionState, useContext } from "react";

export interface FormState {
  ok?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
}

const Ctx = createContext<FormState>({});

export function ActionForm({ action, children, submit, pendingLabel, className, encType }: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  children: React.ReactNode;
  submit: string;
  pendingLabel?: string;
  className?: string;
  encType?: "multipart/form-data";
}) {
  const [state, run, pending] = useActionState(action, {});
  return (
    <Ctx.Provider value={state}>
      <form action={run} className={className ?? "space-y-4"} encType={encType} noValidate>
        {children}
        {state.error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">{state.error}</p>}
        {state.ok && <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-200">{state.ok}</p>}
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? (pendingLabel ?? "Saving…") : submit}
        </button>
      </form>
    </Ctx.Provider>
  );
}

export function FieldError({ name }: { name: string }) {
  const msg = useContext(Ctx).fieldErrors?.[name];
  return msg ? <p id={`f-${name}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">{msg}</p> : null;
}
