"use client";
// The guardrail's settings. What was typed stays when validation fails.
import { Check } from "@/components/ui/input";
import { useFormAction } from "@/components/use-form-action";
import { buttonClass } from "@/components/ui/styles";
import { Field } from "@/components/ui/field";
import type { GuardSettings } from "@/lib/services/guardrail";
import { saveGuardSettingsAction, type GuardSettingsState } from "./actions";

export function GuardSettingsForm({ slug, settings }: { slug: string; settings: GuardSettings }) {
  const [state, action, pending] = useFormAction<GuardSettingsState>(saveGuardSettingsAction, {}, { inline: true });
  const v = state.values ?? {
    enabled: settings.enabled ? "on" : "off",
    windowMinutes: String(settings.windowMinutes),
    thresholdPercent: String(settings.thresholdPercent),
    minPeople: String(settings.minPeople),
  };
  const e = state.errors ?? {};
  return (
    <form action={action} noValidate className="space-y-4" key={JSON.stringify(v)}>
      <input type="hidden" name="slug" value={slug} />
      <fieldset>
        <legend className="text-sm font-medium">Guardrail</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <Check type="radio" name="enabled" value="on" defaultChecked={v.enabled === "on"} /> On: hold mass
            deprovisioning
          </label>
          <label className="flex items-center gap-2">
            <Check type="radio" name="enabled" value="off" defaultChecked={v.enabled === "off"} /> Off: apply every
            request
          </label>
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="Window (minutes)"
          name="windowMinutes"
          type="number"
          inputMode="numeric"
          defaultValue={v.windowMinutes}
          error={e.windowMinutes}
          hint="Sliding: counts the last N minutes."
        />
        <Field
          label="Threshold (% of active members)"
          name="thresholdPercent"
          type="number"
          inputMode="numeric"
          defaultValue={v.thresholdPercent}
          error={e.thresholdPercent}
        />
        <Field
          label="At least (people)"
          name="minPeople"
          type="number"
          inputMode="numeric"
          defaultValue={v.minPeople}
          error={e.minPeople}
          hint="Small workspaces get this many."
        />
      </div>
      {e.form && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {e.form}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("secondary")} disabled={pending}>
          {pending ? "Saving…" : "Save guardrail settings"}
        </button>
        {state.ok && (
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
