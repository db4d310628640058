"use server";
// The guardrail's owner decisions: approve or discard the held changes, and its settings. defineAction
// checks that the caller is an active owner of the workspace named in the form (the services check again).
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { approveHeld, discardHeld, GUARD_LIMITS, saveGuardSettings } from "@/lib/services/guardrail-review";
import { defineAction } from "../action-helpers";

const slugSchema = z.object({ slug: z.string().min(1).max(64) });

const whole = (label: string, { min, max }: { min: number; max: number }) =>
  z.coerce
    .number({ message: `Enter ${label}` })
    .int("Whole numbers only")
    .min(min, `At least ${min}`)
    .max(max, `At most ${max.toLocaleString("en")}`);

const settingsSchema = z.object({
  slug: z.string().min(1).max(64),
  enabled: z.enum(["on", "off"]),
  windowMinutes: whole("a number of minutes", GUARD_LIMITS.windowMinutes),
  thresholdPercent: whole("a percentage", GUARD_LIMITS.thresholdPercent),
  minPeople: whole("a number of people", GUARD_LIMITS.minPeople),
});

function decide(run: typeof approveHeld | typeof discardHeld, done: (n: number) => string) {
  return defineAction({
    role: "owner",
    schema: slugSchema,
    revalidate: ({ slug }) => [[`/w/${slug}`, "layout"]],
    run: async (_input, { workspace, member }) => {
      const result = await run(workspace.id, { memberId: member.id });
      return (
        done("applied" in result ? result.applied : result.discarded) +
        ("failed" in result && result.failed.length
          ? ` ${result.failed.length} could not be applied: ${result.failed.map((f) => `${f.userName} (${f.reason})`).join("; ")}`
          : "")
      );
    },
  });
}

export const approveHeldAction = decide(approveHeld, (n) => `Applied ${n} held ${n === 1 ? "change" : "changes"}.`);

export const discardHeldAction = decide(
  discardHeld,
  (n) => `Discarded ${n} held ${n === 1 ? "change" : "changes"}. Restart provisioning in Entra to re-sync.`,
);

export interface GuardSettingsState extends ActionState {
  /** what was submitted, shown again when validation fails */
  values?: Record<string, string>;
}

export const saveGuardSettingsAction = defineAction<"owner", typeof settingsSchema, GuardSettingsState>({
  role: "owner",
  schema: settingsSchema,
  revalidate: ({ slug }) => [`/w/${slug}/guardrail`],
  run: async ({ enabled, windowMinutes, thresholdPercent, minPeople }, { workspace, member }) => {
    await saveGuardSettings(
      workspace.id,
      { memberId: member.id },
      { enabled: enabled === "on", windowMinutes, thresholdPercent, minPeople },
    );
    return "Guardrail settings saved.";
  },
});
