"use client";
// Your name and password. Inputs are controlled, so what was typed stays when the server refuses it.
import { useState } from "react";
import { useFormAction } from "@/components/use-form-action";
import type { ActionState } from "@/components/action-state";
import { buttonClass } from "@/components/ui/styles";
import { Field } from "@/components/ui/field";
import { changePasswordAction, updateNameAction } from "@/app/account/actions";

function Result({ state }: { state: ActionState }) {
  if (state.errors?.form)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        {state.errors.form}
      </p>
    );
  if (state.ok && state.message)
    return (
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
        {state.message}
      </p>
    );
  return null;
}

export function NameForm({ name }: { name: string }) {
  const [value, setValue] = useState(name);
  const [state, action, pending] = useFormAction<ActionState>(updateNameAction, {}, { inline: true });
  return (
    <form action={action} className="space-y-3">
      <Field
        label="Name"
        name="name"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        autoComplete="name"
        maxLength={100}
        required
        error={state.errors?.name}
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("primary")} disabled={pending}>
          {pending ? "Saving…" : "Save name"}
        </button>
        <Result state={state} />
      </div>
    </form>
  );
}

export function PasswordForm() {
  const [v, setV] = useState({ current: "", next: "", confirm: "" });
  const [state, action, pending] = useFormAction<ActionState>(
    async (prev, form) => {
      const result = await changePasswordAction(prev, form);
      if (result.ok) setV({ current: "", next: "", confirm: "" });
      return result;
    },
    {},
    { inline: true },
  );
  const bind = (k: keyof typeof v) => ({
    name: k,
    value: v[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: e.target.value }),
    error: state.errors?.[k],
  });
  return (
    <form action={action} className="space-y-3">
      <Field label="Current password" type="password" autoComplete="current-password" required {...bind("current")} />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters and hard to guess: a few uncommon words work well."
        {...bind("next")}
      />
      <Field label="Confirm new password" type="password" autoComplete="new-password" required {...bind("confirm")} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("primary")} disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </button>
        <Result state={state} />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Changing it signs you out on every other browser and device.
      </p>
    </form>
  );
}
