"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createWorkspace, countWorkspaces } from "@/lib/services/workspaces";
import { defineAction } from "@/app/w/[slug]/action-helpers";

export interface SetupState {
  errors?: Partial<Record<"name" | "ownerEmail" | "ownerPassword" | "ownerName" | "form", string>>;
  values?: { name?: string; ownerEmail?: string; ownerName?: string };
}

const schema = z.object({
  name: z.string().trim().min(1, "Enter a workspace name").max(100, "At most 100 characters"),
  ownerName: z.string().trim().max(100, "At most 100 characters").optional(),
  ownerEmail: z.email("Enter a valid email address").max(320),
  ownerPassword: z.string().min(8, "At least 8 characters").max(1024),
});

/** First-run only: creates the first workspace and its owner. Refuses once any workspace exists. */
export const setupAction = defineAction<"public", typeof schema, SetupState>({
  role: "public",
  schema,
  precondition: async () => ((await countWorkspaces()) > 0 ? "Setup is already complete. Sign in instead." : null),
  // the workspace's slug comes from its name
  errorField: (field) => (field === "slug" ? "name" : (field ?? "form")),
  run: async (input) => {
    await createWorkspace({ ...input, ownerName: input.ownerName || undefined, plan: "enterprise" });
    redirect("/signin?setup=1");
  },
});
