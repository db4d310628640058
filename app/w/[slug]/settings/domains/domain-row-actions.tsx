"use client";
// Verify / New code / Remove for one domain, with the outcome shown in the row.
import { useActionState } from "react";
import type { FormState } from "@/components/sso/action-form";

type Act = (prev: FormState) => Promise<FormState>;

function ActButton({ action, label, pendingLabel, danger }: { action: Act; label: string; pendingLabel: string; danger?: boolean }) {
  const [state, run, pending] = useActionState(action, {});
  return (
    <form action={run} className="inline">
      <button type="submit" disabled={pending}
        className={`rounded-md border px-2.5 py-1 text-sm disabled:opacity-60 ${danger ? "border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"}`}>
        {pending ? pendingLabel : label}
      </button>
      {state.error && <span role="alert" className="ml-2 text-sm text-red-700 dark:text-red-300">{state.error}</span>}
      {state.ok && <span role="status" className="ml-2 text-sm text-green-700 dark:text-green-300">{state.ok}</span>}
    </form>
  );
}

export function DomainRowActions({ verify, renew, remove, verified, expired }: { verify: Act; renew: Act; remove: Act; verified: boolean; expired: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!verified && !expired && <ActButton action={verify} label="Verify" pendingLabel="Checking DNS…" />}
      {!verified && <ActButton action={renew} label="New code" pendingLabel="Generating…" />}
      <ActButton action={remove} label="Remove" pendingLabel="Removing…" danger />
    </div>
  );
}
