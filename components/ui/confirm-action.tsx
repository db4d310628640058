"use client";
// A button that opens a confirmation dialog whose form runs a server action. The dialog stays open to
// show the action's error (e.g. "last owner") and closes when the action succeeds.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFormAction } from "@/components/use-form-action";
import type { ActionState } from "@/components/action-state";
import { buttonClass, type ButtonVariant } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

interface ConfirmActionProps {
  action: Action;
  /** hidden inputs sent with the form (workspace slug, member id, …) */
  fields: Record<string, string>;
  trigger: string;
  triggerVariant?: ButtonVariant;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** extra inputs inside the dialog (e.g. a role picker) */
  children?: React.ReactNode;
  disabled?: boolean;
}

export function ConfirmAction(props: ConfirmActionProps) {
  const {
    action,
    fields,
    trigger,
    triggerVariant = "secondary",
    title,
    description,
    confirmLabel,
    danger,
    children,
    disabled,
  } = props;
  const router = useRouter();
  const [open, setOpen] = useState(false);
  // The result that was on screen when the dialog was last closed: not shown again on reopening.
  const [dismissed, setDismissed] = useState<ActionState | null>(null);
  const [state, formAction, pending] = useFormAction<ActionState>(async (prev, form) => {
    const result = await action(prev, form);
    if (result.ok) setOpen(false);
    if (result.ok && result.redirectTo) router.push(result.redirectTo);
    return result;
  }, {});
  const error = state === dismissed ? undefined : (state.errors?.form ?? Object.values(state.errors ?? {})[0]);
  const close = () => {
    setOpen(false);
    setDismissed(state);
  };
  return (
    <>
      <button
        type="button"
        className={buttonClass(triggerVariant, "sm")}
        onClick={() => setOpen(true)}
        disabled={disabled}
      >
        {trigger}
      </button>
      <Dialog open={open} onClose={close} title={title} description={description} alert={danger}>
        <form action={formAction} className="mt-4 space-y-4">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          {error && !pending && (
            <p
              role="alert"
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
            >
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={close}>
              Cancel
            </button>
            <button type="submit" className={buttonClass(danger ? "danger" : "primary")} disabled={pending}>
              {pending ? "Working…" : confirmLabel}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
