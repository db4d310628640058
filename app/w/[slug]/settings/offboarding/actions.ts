"use server";
// Offboarding policy actions (owners only; saveOffboardingPolicy checks the role again). The preview is a
// dry run: it lists who the entered number of days would remove, and changes nothing.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { MAX_REMOVE_AFTER_DAYS, removalPreview, saveOffboardingPolicy } from "@/lib/services/offboarding";
import { defineAction } from "../../action-helpers";

const days = z.union([
  z.literal(""),
  z.coerce
    .number({ message: "Enter a number of days" })
    .int("Whole days only")
    .min(1, "At least 1 day")
    .max(MAX_REMOVE_AFTER_DAYS, `At most ${MAX_REMOVE_AFTER_DAYS} days`),
]);

const schema = z.object({
  slug: z.string().min(1).max(64),
  deleteAction: z.enum(["remove", "suspend"], { message: "Choose what a delete does" }),
  removeAfterDays: days,
});

export interface OffboardingState extends ActionState {
  preview?: { id: string; name: string; suspendedAt: string; removeAt: string; due: boolean }[];
  previewDays?: number;
}

export const saveOffboardingAction = defineAction<"owner", typeof schema, OffboardingState>({
  role: "owner",
  schema,
  refused: "Only workspace owners can change the offboarding policy.",
  run: async (input, { workspace, member, form }) => {
    const removeAfterDays = input.removeAfterDays === "" ? null : input.removeAfterDays;
    if (form.get("intent") === "preview") {
      if (removeAfterDays === null)
        return { errors: { removeAfterDays: "Enter a number of days to preview who would be removed." } };
      const now = Date.now();
      const list = await removalPreview(workspace.id, removeAfterDays);
      return {
        previewDays: removeAfterDays,
        preview: list.map((c) => ({
          id: c.id,
          name: c.displayName || c.userName,
          suspendedAt: c.suspendedAt.toISOString(),
          removeAt: c.removeAt.toISOString(),
          due: c.removeAt.getTime() <= now,
        })),
      };
    }
    await saveOffboardingPolicy(
      workspace.id,
      { memberId: member.id, role: member.role },
      { deleteAction: input.deleteAction, removeAfterDays },
    );
    revalidatePath(`/w/${workspace.slug}/settings`);
    revalidatePath(`/w/${workspace.slug}/members`);
    return { ok: true, message: "Offboarding policy saved." };
  },
});
