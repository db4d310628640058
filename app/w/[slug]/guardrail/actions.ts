"use server";
// The guardrail's owner decisions: approve or discard the held changes, and its settings. Each action
// checks, itself, that the caller is an active owner of the workspace named in the form (the services
// check again).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { ownerForAction } from "@/lib/auth/session";
import { approveHeld, discardHeld, GUARD_LIMITS, saveGuardSettings } from "@/lib/services/guardrail-review";
import { domainErrorState, NOT_ALLOWED, parseForm } from "../action-helpers";

const slugSchema = z.object({ slug: z.string().min(1).max(64) });

const whole = (label: string, { min, max }: { min: number; max: number }) =>
  z.coerce.number({ message: `Enter ${label}` }).int("Whole numbers only").min(min, `At least ${min}`).max(max, `At most ${max.toLocaleString("en")}`);

const settingsSchema = z.object({
  slug: z.string().min(1).max(64),
  enabled: z.enum(["on", "off"]),
  windowMinutes: whole("a number of minutes", GUARD_LIMITS.windowMinutes),
  thresholdPercent: whole("a percentage", GUARD_LIMITS.thresholdPercent),
  minPeople: whole("a number of people", GUARD_LIMITS.minPeople),
});

async function decide(form: FormData, run: typeof approveHeld | typeof discardHeld, done: (n: number) => string): Promise<ActionState> {
  const parsed = parseForm(slugSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await ownerForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  try {
    const result = await run(ctx.workspace.id, { memberId: ctx.member.id });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return { ok: true, message: done("applied" in result ? result.applied : result.discarded) + ("failed" in result && result.failed.length ? ` ${result.failed.length} could not be applied: ${result.failed.map((f) => `${f.userName} (${f.reason})`).join("; ")}` : "") };
  } catch (e) {
    return domainErrorState(e);
  }
}

export async function approveHeldAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return decide(form, approveHeld, (n) => `Applied ${n} held ${n === 1 ? "change" : "changes"}.`);
}

export async function discardHeldAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return decide(form, discardHeld, (n) => `Discarded ${n} held ${n === 1 ? "change" : "changes"}. Restart provisioning in Entra to re-sync.`);
}

export interface GuardSettingsState extends ActionState {
  /** what was submitted, shown again when validation fails */
  values?: Record<string, string>;
}

export async function saveGuardSettingsAction(_prev: GuardSettingsState, form: FormData): Promise<GuardSettingsState> {
  const values = Object.fromEntries(["enabled", "windowMinutes", "thresholdPercent", "minPeople"].map((k) => [k, String(form.get(k) ?? "")]));
  const parsed = parseForm(settingsSchema, form);
  if ("state" in parsed) return { ...parsed.state, values };
  const ctx = await ownerForAction(parsed.data.slug);
  if (!ctx) return { ...NOT_ALLOWED, values };
  const { enabled, windowMinutes, thresholdPercent, minPeople } = parsed.data;
  try {
    await saveGuardSettings(ctx.workspace.id, { memberId: ctx.member.id }, { enabled: enabled === "on", windowMinutes, thresholdPercent, minPeople });
  } catch (e) {
    return { ...domainErrorState(e), values };
  }
  revalidatePath(`/w/${ctx.workspace.slug}/guardrail`);
  return { ok: true, message: "Guardrail settings saved." };
}
