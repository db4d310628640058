"use client";
// Offboarding policy (owners): what a SCIM DELETE does, and automatic removal of members suspended by SCIM
// for more than N days, with a dry-run preview. Turning on (or shortening) automatic removal is confirmed
// in the app's dialog. The form is submitted by hand (not through `action`), so React does not reset it:
// what the owner typed and chose survives a failed validation.
import { Check, Input } from "@/components/ui/input";
import { startTransition, useRef, useState } from "react";
import { useFormAction } from "@/components/use-form-action";
import { buttonClass } from "@/components/ui/styles";
import { Dialog } from "@/components/ui/dialog";
import { saveOffboardingAction, type OffboardingState } from "./actions";

interface Props {
  slug: string;
  deleteAction: "remove" | "suspend";
  removeAfterDays: number | null;
}

const day = (iso: string) => iso.slice(0, 10);

export function OffboardingForm({ slug, deleteAction, removeAfterDays }: Props) {
  const [state, action, pending] = useFormAction<OffboardingState>(saveOffboardingAction, {}, { inline: true });
  const [mode, setMode] = useState(deleteAction);
  const [days, setDays] = useState(removeAfterDays === null ? "" : String(removeAfterDays));
  const [confirming, setConfirming] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const daysError = state.errors?.removeAfterDays;
  const formError = state.errors?.form ?? state.errors?.deleteAction;
  const stricter = days !== "" && (removeAfterDays === null || Number(days) < removeAfterDays);
  return (
    <form
      ref={formRef}
      className="space-y-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter;
        const data = new FormData(e.currentTarget, submitter);
        startTransition(() => action(data));
      }}
    >
      <input type="hidden" name="slug" value={slug} />
      <fieldset>
        <legend className="text-sm font-medium">When the identity provider deletes a user</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex items-start gap-2">
            <Check
              type="radio"
              name="deleteAction"
              value="remove"
              checked={mode === "remove"}
              onChange={() => setMode("remove")}
              className="mt-1"
            />
            <span>
              <span className="font-medium">Remove the member</span> — their memberships and profile are deleted at
              once.
            </span>
          </label>
          <label className="flex items-start gap-2">
            <Check
              type="radio"
              name="deleteAction"
              value="suspend"
              checked={mode === "suspend"}
              onChange={() => setMode("suspend")}
              className="mt-1"
            />
            <span>
              <span className="font-medium">Suspend the member</span> — they lose access at once; an admin can
              reactivate them, and the identity provider can too (it finds them by userName when they are assigned
              again).
            </span>
          </label>
        </div>
      </fieldset>
      <div>
        <label htmlFor="offboarding-days" className="block text-sm font-medium">
          Remove members suspended by SCIM after (days)
        </label>
        <Input
          id="offboarding-days"
          name="removeAfterDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          placeholder="Never"
          className="mt-1 max-w-32"
          aria-invalid={daysError ? true : undefined}
          aria-describedby="offboarding-days-hint"
        />
        <p
          id="offboarding-days-hint"
          className={`mt-1 text-xs ${daysError ? "text-red-700 dark:text-red-300" : "text-zinc-500 dark:text-zinc-400"}`}
        >
          {daysError ??
            "Empty: never. Members suspended by hand are never removed automatically, nor are owners. Each removal is in the audit trail and the provisioning log."}
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <button
          ref={saveRef}
          type="submit"
          name="intent"
          value="save"
          className={stricter ? "hidden" : buttonClass("primary")}
          disabled={pending}
        >
          {pending ? "Saving…" : "Save policy"}
        </button>
        {stricter && (
          <button
            type="button"
            className={buttonClass("primary")}
            disabled={pending}
            onClick={() => setConfirming(true)}
          >
            Save policy
          </button>
        )}
        <button type="submit" name="intent" value="preview" className={buttonClass("secondary")} disabled={pending}>
          Preview removals
        </button>
      </div>
      <p
        role="status"
        className={`text-sm ${formError ? "text-red-700 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400"}`}
      >
        {formError ?? state.message ?? ""}
      </p>
      {state.preview && (
        <section
          aria-labelledby="offboarding-preview-title"
          className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
        >
          <h4 id="offboarding-preview-title" className="text-sm font-semibold">
            Dry run: removal after {state.previewDays} days
          </h4>
          {state.preview.length === 0 ? (
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              No member is suspended by SCIM: nobody would be removed.
            </p>
          ) : (
            <>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                {state.preview.filter((p) => p.due).length} would be removed at the next run; the others on the date
                shown. Nothing has changed.
              </p>
              <ul className="mt-3 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
                {state.preview.map((p) => (
                  <li key={p.id} className="flex flex-wrap justify-between gap-x-4 py-2">
                    <span className="min-w-0 break-all font-medium">{p.name}</span>
                    <span className="text-zinc-600 dark:text-zinc-400">
                      suspended {day(p.suspendedAt)} ·{" "}
                      {p.due ? (
                        <strong className="text-red-700 dark:text-red-300">removed at the next run</strong>
                      ) : (
                        `removed on ${day(p.removeAt)}`
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        alert
        title="Remove suspended members automatically?"
        description={
          <>
            Members suspended by SCIM for more than {days} days will be removed — with their group memberships and
            profile — within the next few minutes, and then every day as more pass that limit. Use “Preview removals” to
            see who.
          </>
        }
      >
        <div className="mt-6 flex flex-wrap justify-end gap-3">
          <button type="button" className={buttonClass("secondary")} onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass("danger")}
            onClick={() => {
              setConfirming(false);
              formRef.current?.requestSubmit(saveRef.current);
            }}
          >
            Turn on automatic removal
          </button>
        </div>
      </Dialog>
    </form>
  );
}
