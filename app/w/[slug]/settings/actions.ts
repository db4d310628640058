"use server";
// Connect SCIM and log-retention actions. defineAction checks the caller is an owner/admin of the workspace
// named in the form; they only touch rows of that workspace.
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { setLogRetention, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from "@/lib/services/admin/workspace";
import { createToken, removeToken, revokeToken } from "@/lib/services/tokens";
import { defineAction } from "../action-helpers";

const slug = z.string().min(1).max(64);

const createTokenSchema = z.object({
  slug,
  label: z.string().trim().min(1, 'Enter a label, e.g. "Entra ID"').max(80, "At most 80 characters"),
  expiresInDays: z.union([
    z.literal(""),
    z.coerce.number().int("Whole days only").min(1, "At least 1 day").max(3650, "At most 3650 days (10 years)"),
  ]),
});

export interface CreateTokenState extends ActionState {
  created?: { secret: string; label: string; prefix: string; expiresAt: string | null };
}

const createTokenWith = defineAction<"admin", typeof createTokenSchema, CreateTokenState>({
  role: "admin",
  schema: createTokenSchema,
  precondition: ({ workspace }) =>
    workspace.plan === "enterprise" ? null : "SCIM provisioning needs the Enterprise plan.",
  revalidate: ({ slug }) => [`/w/${slug}/settings`],
  run: async (input, { workspace, member }) => {
    const { token, secret } = await createToken(workspace.id, {
      label: input.label,
      expiresInDays: input.expiresInDays === "" ? null : input.expiresInDays,
      createdByName: member.displayName ?? member.account?.name ?? member.account?.email ?? member.userName,
      createdByMemberId: member.id,
    });
    return {
      ok: true,
      created: { secret, label: token.label, prefix: token.prefix, expiresAt: token.expiresAt?.toISOString() ?? null },
    };
  },
});

/** Generates a token; the secret is returned once and never stored or shown again. (Called with the form
 * alone: the generator keeps its own state.) */
export async function createTokenAction(form: FormData): Promise<CreateTokenState> {
  return createTokenWith({}, form);
}

const tokenSchema = z.object({ slug, tokenId: z.string().min(1).max(64) });

export const revokeTokenAction = defineAction({
  role: "admin",
  schema: tokenSchema,
  revalidate: ({ slug }) => [`/w/${slug}/settings`],
  run: async ({ tokenId }, { workspace, member }) => {
    await revokeToken(workspace.id, tokenId, { memberId: member.id });
    return "Token revoked. The identity provider's next request with it will be refused.";
  },
});

/** Takes a revoked or expired token off the list (the log keeps its label). */
export const removeTokenAction = defineAction({
  role: "admin",
  schema: tokenSchema,
  revalidate: ({ slug }) => [`/w/${slug}/settings`],
  run: async ({ tokenId }, { workspace, member }) => {
    await removeToken(workspace.id, tokenId, { memberId: member.id });
    return "Token removed from the list. The provisioning log keeps its label.";
  },
});

const retentionSchema = z.object({
  slug,
  retentionDays: z.coerce
    .number({ message: "Enter a number of days" })
    .int("Whole days only")
    .min(RETENTION_MIN_DAYS, `At least ${RETENTION_MIN_DAYS} day`)
    .max(RETENTION_MAX_DAYS, `At most ${RETENTION_MAX_DAYS} days`),
});

export const saveRetentionAction = defineAction({
  role: "admin",
  schema: retentionSchema,
  revalidate: ({ slug }) => [`/w/${slug}/settings`, `/w/${slug}/log`],
  run: async ({ retentionDays }, { workspace, member }) => {
    const pruned = await setLogRetention(workspace.id, retentionDays, { memberId: member.id });
    return `Saved. Events are kept for ${retentionDays} days${pruned ? `; ${pruned} older events were deleted` : ""}.`;
  },
});
