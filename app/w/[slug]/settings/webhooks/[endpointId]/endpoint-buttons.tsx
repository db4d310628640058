"use client";
// Buttons of the webhook endpoint page that show their outcome next to them (a rotated secret is shown
// once, here).
import { useActionState } from "react";
import type { FormState } from "@/components/sso/action-form";
import { buttonClass } from "@/components/button-styles";

function Outcome({ state }: { state: FormState }) {
  if (state.error) return <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">{state.error}</p>;
  if (state.ok) return <p role="status" className="mt-1 max-w-xl break-all text-sm text-green-700 dark:text-green-300">{state.ok}</p>;
  return null;
}

export function EndpointButton({ action, label, pendingLabel }: { action: (prev: FormState) => Promise<FormState>; label: string; pendingLabel: string }) {
  const [state, run, pending] = useActionState(action, {});
  return (
    <form action={run}>
      <button type="submit" disabled={pending} className={buttonClass("secondary", "sm")}>{pending ? pendingLabel : label}</button>
      <Outcome state={state} />
    </form>
  );
}

export function RetryButton({ action, seq }: { action: (prev: FormState, form: FormData) => Promise<FormState>; seq: number }) {
  const [state, run, pending] = useActionState(action, {});
  return (
    <form action={run}>
      <input type="hidden" name="seq" value={seq} />
      <button type="submit" disabled={pending} className={buttonClass("secondary", "sm")}>{pending ? "Queuing…" : "Retry now"}</button>
      <Outcome state={state} />
    </form>
  );
}
