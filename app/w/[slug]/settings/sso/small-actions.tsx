"use client";
// One-button forms (reset links, remove SSO) with a confirmation and the outcome inline.
import { useActionState } from "react";
import type { FormState } from "@/components/sso/action-form";

export function ConfirmButton({ action, label, confirm, danger }: { action: (prev: FormState) => Promise<FormState>; label: string; confirm: string; danger?: boolean }) {
  const [state, run, pending] = useActionState(action, {});
  return (
    <form action={run} onSubmit={(e) => { if (!window.confirm(confirm)) e.preventDefault(); }} className="flex flex-wrap items-center gap-2">
      <button type="submit" disabled={pending}
        className={`rounded-md border px-3 py-1.5 text-sm disabled:opacity-60 ${danger ? "border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"}`}>
        {pending ? "Working…" : label}
      </button>
      {state.error && <span role="alert" className="text-sm text-red-700 dark:text-red-300">{state.error}</span>}
      {state.ok && <span role="status" className="text-sm text-green-700 dark:text-green-300">{state.ok}</span>}
    </form>
  );
}
