"use client";
// Verify / New code / Remove for one domain, with the outcome shown in the row. Remove asks first, in the
// app's confirmation dialog.
import { useFormAction } from "@/components/use-form-action";
import type { ActionState } from "@/components/action-state";
import { ConfirmAction } from "@/components/ui/confirm-action";

type Act = (prev: ActionState) => Promise<ActionState>;

function ActButton({ action, label, pendingLabel }: { action: Act; label: string; pendingLabel: string }) {
  const [state, run, pending] = useFormAction(action, {}, { inline: true });
  return (
    <form action={run} className="inline">
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? pendingLabel : label}
      </button>
      {state.errors?.form && (
        <span role="alert" className="ml-2 text-sm text-red-700 dark:text-red-300">
          {state.errors.form}
        </span>
      )}
      {state.ok && state.message && (
        <span role="status" className="ml-2 text-sm text-green-700 dark:text-green-300">
          {state.message}
        </span>
      )}
    </form>
  );
}

export function DomainRowActions({
  domain,
  verify,
  renew,
  remove,
  verified,
  expired,
}: {
  domain: string;
  verify: Act;
  renew: Act;
  remove: Act;
  verified: boolean;
  expired: boolean;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!verified && !expired && <ActButton action={verify} label="Verify" pendingLabel="Checking DNS…" />}
      {!verified && <ActButton action={renew} label="New code" pendingLabel="Generating…" />}
      <ConfirmAction
        action={remove}
        fields={{}}
        trigger="Remove"
        danger
        title={`Remove ${domain}?`}
        confirmLabel="Remove domain"
        description={
          verified ? (
            <>
              People with <strong>@{domain}</strong> addresses can no longer sign in with single sign-on until the
              domain is verified again, and this workspace stops managing their accounts.
            </>
          ) : (
            <>The pending verification code for {domain} stops working.</>
          )
        }
      />
    </div>
  );
}
