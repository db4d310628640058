"use client";
// How long provisioning-log events are kept. Saving also deletes events that are older right away.
import { Input } from "@/components/ui/input";
import { useFormAction } from "@/components/use-form-action";
import { buttonClass } from "@/components/ui/styles";
import { shown, type ActionState } from "@/components/action-state";
import { saveRetentionAction } from "./actions";

export function RetentionForm({ slug, days }: { slug: string; days: number }) {
  const [state, action, pending] = useFormAction<ActionState>(saveRetentionAction, {}, { inline: true });
  const error = state.errors?.retentionDays ?? state.errors?.form;
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <div>
        <label htmlFor="retention-days" className="block text-sm font-medium">
          Keep events for (days)
        </label>
        <Input
          id="retention-days"
          name="retentionDays"
          type="number"
          min={1}
          max={365}
          defaultValue={shown(state, "retentionDays", days)}
          required
          className="mt-1 w-32"
          aria-invalid={error ? true : undefined}
          aria-describedby="retention-status"
        />
      </div>
      <button type="submit" className={buttonClass("secondary")} disabled={pending}>
        {pending ? "Saving…" : "Save retention"}
      </button>
      <p
        id="retention-status"
        role="status"
        className={`w-full text-sm ${error ? "text-red-700 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400"}`}
      >
        {error ?? state.message ?? "Between 1 and 365 days. Older events are deleted."}
      </p>
    </form>
  );
}
