"use client";
// Buttons of the webhook endpoint page that show their outcome next to them (a rotated secret is shown
// once, here).
import { useFormAction } from "@/components/use-form-action";
import type { ActionState } from "@/components/action-state";
import { buttonClass } from "@/components/ui/styles";

function Outcome({ state }: { state: ActionState }) {
  if (state.errors?.form)
    return (
      <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
        {state.errors.form}
      </p>
    );
  if (state.ok && state.message)
    return (
      <p role="status" className="mt-1 max-w-xl break-all text-sm text-green-700 dark:text-green-300">
        {state.message}
      </p>
    );
  return null;
}

export function EndpointButton({
  action,
  label,
  pendingLabel,
}: {
  action: (prev: ActionState) => Promise<ActionState>;
  label: string;
  pendingLabel: string;
}) {
  const [state, run, pending] = useFormAction(action, {}, { inline: true });
  return (
    <form action={run}>
      <button type="submit" disabled={pending} className={buttonClass("secondary", "sm")}>
        {pending ? pendingLabel : label}
      </button>
      <Outcome state={state} />
    </form>
  );
}

export function RetryButton({
  action,
  seq,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  seq: number;
}) {
  const [state, run, pending] = useFormAction(action, {}, { inline: true });
  return (
    <form action={run}>
      <input type="hidden" name="seq" value={seq} />
      <button type="submit" disabled={pending} className={buttonClass("secondary", "sm")}>
        {pending ? "Queuing…" : "Retry now"}
      </button>
      <Outcome state={state} />
    </form>
  );
}
