"use client";

import { useActionState } from "react";
import { setupAction, type SetupState } from "./actions";
import { Field } from "@/components/ui/field";

export function SetupForm() {
  const [state, action, pending] = useActionState<SetupState, FormData>(setupAction, {});
  const e = state.errors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field label="Workspace name" name="name" error={e.name} defaultValue={state.values?.name} required />
      <Field
        label="Your name"
        name="ownerName"
        error={e.ownerName}
        defaultValue={state.values?.ownerName}
        autoComplete="name"
      />
      <Field
        label="Your email"
        name="ownerEmail"
        type="email"
        error={e.ownerEmail}
        defaultValue={state.values?.ownerEmail}
        autoComplete="username"
        required
      />
      <Field
        label="Password"
        name="ownerPassword"
        type="password"
        error={e.ownerPassword}
        autoComplete="new-password"
        hint="At least 8 characters."
        required
      />
      {e.form && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {e.form}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {pending ? "Creating…" : "Create workspace"}
      </button>
    </form>
  );
}
