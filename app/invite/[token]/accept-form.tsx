"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { acceptInviteAction, joinAsAccountAction, type AcceptState } from "./actions";

function FormError({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {message}
    </p>
  ) : null;
}

const submitClass =
  "w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60";

/** A new account for the invited email. The same form for every email: whether one already has an account
 * is not shown before the person tries. */
export function NewAccountForm({ token, email, name }: { token: string; email: string; name: string | null }) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInviteAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <Field
        label="Email"
        name="email"
        value={email}
        readOnly
        autoComplete="username"
        hint="You will sign in with this address."
      />
      <Field
        label="Your name"
        name="name"
        defaultValue={state.values?.name ?? name ?? ""}
        autoComplete="name"
        error={e.name}
      />
      <Field
        label="Choose a password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={e.password}
        hint="At least 8 characters."
        required
      />
      <Field
        label="Repeat the password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        error={e.confirm}
        required
      />
      <FormError message={e.form} />
      <button type="submit" disabled={pending} className={submitClass}>
        {pending ? "Joining…" : "Create account and join"}
      </button>
    </form>
  );
}

/** Accepts with the account the browser is signed in to. */
export function JoinAsAccountForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(joinAsAccountAction, {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormError message={state.errors?.form} />
      <button type="submit" disabled={pending} className={submitClass}>
        {pending ? "Joining…" : `Join as ${email}`}
      </button>
    </form>
  );
}
