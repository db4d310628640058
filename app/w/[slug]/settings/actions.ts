"use server";
// Connect SCIM and log-retention actions. Each checks the caller is an owner/admin of the workspace
// named in the form, and only touches rows of that workspace.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { adminForAction } from "@/lib/auth/session";
import { setLogRetention, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from "@/lib/services/admin/workspace";
import { createToken, removeToken, revokeToken } from "@/lib/services/tokens";
import { domainErrorState, failed, NOT_ALLOWED, parseForm } from "../action-helpers";

const slug = z.string().min(1).max(64);

const createTokenSchema = z.object({
  slug,
  label: z.string().trim().min(1, "Enter a label, e.g. \"Entra ID\"").max(80, "At most 80 characters"),
  expiresInDays: z.union([
    z.literal(""),
    z.coerce.number().int("Whole days only").min(1, "At least 1 day").max(3650, "At most 3650 days (10 years)"),
  ]),
});

export interface CreateTokenState extends ActionState {
  created?: { secret: string; label: string; prefix: string; expiresAt: string | null };
}

/** Generates a token; the secret is returned once and never stored or shown again. */
export async function createTokenAction(form: FormData): Promise<CreateTokenState> {
  const parsed = parseForm(createTokenSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  if (ctx.workspace.plan !== "enterprise") return failed(form, { form: "SCIM provisioning needs the Enterprise plan." });
  try {
    const { token, secret } = await createToken(ctx.workspace.id, {
      label: parsed.data.label,
      expiresInDays: parsed.data.expiresInDays === "" ? null : parsed.data.expiresInDays,
      createdByName: ctx.member.displayName ?? ctx.member.account?.name ?? ctx.member.account?.email ?? ctx.member.userName,
      createdByMemberId: ctx.member.id,
    });
    revalidatePath(`/w/${ctx.workspace.slug}/settings`);
    return { ok: true, created: { secret, label: token.label, prefix: token.prefix, expiresAt: token.expiresAt?.toISOString() ?? null } };
  } catch (e) {
    return domainErrorState(e, form);
  }
}

const revokeSchema = z.object({ slug, tokenId: z.string().min(1).max(64) });

export async function revokeTokenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(revokeSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  try {
    await revokeToken(ctx.workspace.id, parsed.data.tokenId, { memberId: ctx.member.id });
  } catch (e) {
    return domainErrorState(e);
  }
  revalidatePath(`/w/${ctx.workspace.slug}/settings`);
  return { ok: true, message: "Token revoked. The identity provider's next request with it will be refused." };
}

/** Takes a revoked or expired token off the list (the log keeps its label). */
export async function removeTokenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(revokeSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  try {
    await removeToken(ctx.workspace.id, parsed.data.tokenId, { memberId: ctx.member.id });
  } catch (e) {
    return domainErrorState(e);
  }
  revalidatePath(`/w/${ctx.workspace.slug}/settings`);
  return { ok: true, message: "Token removed from the list. The provisioning log keeps its label." };
}

const retentionSchema = z.object({
  slug,
  retentionDays: z.coerce
    .number({ message: "Enter a number of days" })
    .int("Whole days only")
    .min(RETENTION_MIN_DAYS, `At least ${RETENTION_MIN_DAYS} day`)
    .max(RETENTION_MAX_DAYS, `At most ${RETENTION_MAX_DAYS} days`),
});

export async function saveRetentionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(retentionSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  let pruned: number;
  try {
    pruned = await setLogRetention(ctx.workspace.id, parsed.data.retentionDays, { memberId: ctx.member.id });
  } catch (e) {
    return domainErrorState(e, form);
  }
  revalidatePath(`/w/${ctx.workspace.slug}/settings`);
  revalidatePath(`/w/${ctx.workspace.slug}/log`);
  return { ok: true, message: `Saved. Events are kept for ${parsed.data.retentionDays} days${pruned ? `; ${pruned} older events were deleted` : ""}.` };
}
