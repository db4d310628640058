"use client";
// A form bound to a server action through useActionState: shows the action's message or form error, each
// field's error next to the field (FieldError), and after a failed submit the values that were typed
// (useSubmitted, read by the inputs for their defaultValue).
import { createContext, useContext } from "react";
import { useFormAction } from "@/components/use-form-action";
import type { ActionState } from "@/components/action-state";

const Ctx = createContext<ActionState>({});

export function ActionForm({
  action,
  children,
  submit,
  pendingLabel,
  className,
  encType,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: React.ReactNode;
  submit: string;
  pendingLabel?: string;
  className?: string;
  encType?: "multipart/form-data";
}) {
  const [state, run, pending] = useFormAction(action, {}, { inline: true });
  return (
    <Ctx.Provider value={state}>
      <form action={run} className={className ?? "space-y-4"} encType={encType} noValidate>
        {children}
        {state.errors?.form && (
          <p
            role="alert"
            className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {state.errors.form}
          </p>
        )}
        {state.ok && state.message && (
          <p
            role="status"
            className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-200"
          >
            {state.message}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {pending ? (pendingLabel ?? "Saving…") : submit}
        </button>
      </form>
    </Ctx.Provider>
  );
}

/** The field's error from the enclosing ActionForm's last result. */
export function useFieldError(name: string): string | undefined {
  return useContext(Ctx).errors?.[name];
}

/** What was submitted in the field when the last submit failed (undefined otherwise). */
export function useSubmitted(name: string): string | undefined {
  return useContext(Ctx).values?.[name];
}

export function FieldError({ name }: { name: string }) {
  const msg = useFieldError(name);
  return msg ? (
    <p id={`f-${name}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
      {msg}
    </p>
  ) : null;
}
