"use client";

import { useActionState } from "react";
import { Field } from "@/components/field";
import { acceptInviteAction, type AcceptState } from "./actions";

export function AcceptForm({ token, email, name, hasPassword }: { token: string; email: string; name: string | null; hasPassword: boolean }) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInviteAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="hasPassword" value={String(hasPassword)} />
      <Field label="Email" name="email" value={email} readOnly autoComplete="username" hint="You will sign in with this address." />
      {hasPassword ? (
        <Field label="Your password" name="password" type="password" autoComplete="current-password" error={e.password} required
          hint="You already have an account: confirm it with the password you use for your other workspaces." />
      ) : (
        <>
          <Field label="Your name" name="name" defaultValue={name ?? ""} autoComplete="name" error={e.name} />
          <Field label="Choose a password" name="password" type="password" autoComplete="new-password" error={e.password} hint="At least 8 characters." required />
          <Field label="Repeat the password" name="confirm" type="password" autoComplete="new-password" error={e.confirm} required />
        </>
      )}
      {e.form && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">{e.form}</p>}
      <button type="submit" disabled={pending} className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
        {pending ? "Joining…" : "Join the workspace"}
      </button>
    </form>
  );
}
