"use server";
// Webhook endpoint actions. Each re-checks that the caller is an active owner of this workspace (the
// services check the role again).
import { revalidatePath } from "next/cache";
import { ownerForAction } from "@/lib/auth/session";
import { DomainError } from "@/lib/services/errors";
import { createEndpoint, deleteEndpoint, retryDelivery, rotateSecret, sendTestEvent, type WebhookActor } from "@/lib/services/webhooks";
import type { ActionState } from "@/components/action-state";
import { INVALID_REQUEST, runAsOwner, validArgs } from "../../action-helpers";

const NOT_ALLOWED = "Only workspace owners can manage webhooks.";

async function owner(slug: string): Promise<{ workspaceId: string; actor: WebhookActor } | null> {
  const ctx = await ownerForAction(slug);
  if (!ctx) return null;
  return { workspaceId: ctx.workspace.id, actor: { memberId: ctx.member.id, role: ctx.member.role } };
}

const run = (slug: string, path: string, form: FormData | null, fn: (workspaceId: string, actor: WebhookActor) => Promise<string>) =>
  runAsOwner(slug, form, { refused: NOT_ALLOWED, path }, (ctx) => fn(ctx.workspace.id, { memberId: ctx.member.id, role: ctx.member.role }));

export async function createEndpointAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  if (!validArgs({ slug, form })) return INVALID_REQUEST;
  return run(slug, `/w/${slug}/settings/webhooks`, form, async (workspaceId, actor) => {
    const { secret } = await createEndpoint(workspaceId, actor, { url: String(form.get("url") ?? ""), description: String(form.get("description") ?? "") });
    return `Endpoint added. Its signing secret is shown only now — copy it into your receiver: ${secret}`;
  });
}

export async function rotateSecretAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, `/w/${slug}/settings/webhooks/${id}`, null, async (workspaceId, actor) => {
    const { secret } = await rotateSecret(workspaceId, actor, id);
    return `New signing secret (shown only now; the old one keeps signing too for 24 hours): ${secret}`;
  });
}

export async function sendTestEventAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, `/w/${slug}/settings/webhooks/${id}`, null, async (workspaceId, actor) => {
    const { eventId } = await sendTestEvent(workspaceId, actor, id);
    return `Test event ${eventId} queued; it appears in the log below within seconds.`;
  });
}

export async function retryDeliveryAction(slug: string, id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  if (!validArgs({ slug, id, form })) return INVALID_REQUEST;
  const seq = Number(form.get("seq"));
  if (!Number.isSafeInteger(seq)) return INVALID_REQUEST;
  return run(slug, `/w/${slug}/settings/webhooks/${id}`, null, async (workspaceId, actor) => {
    await retryDelivery(workspaceId, actor, id, seq);
    return "Queued for another attempt now.";
  });
}

/** For the confirmation dialog (ConfirmAction): removes the endpoint and its delivery log. */
export async function deleteEndpointAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const slug = form.get("slug");
  const id = form.get("endpointId");
  if (!validArgs({ slug, id })) return { errors: { form: "Invalid request." } };
  const o = await owner(slug as string);
  if (!o) return { errors: { form: NOT_ALLOWED } };
  try {
    await deleteEndpoint(o.workspaceId, o.actor, id as string);
  } catch (e) {
    if (e instanceof DomainError) return { errors: { form: e.message } };
    throw e;
  }
  revalidatePath(`/w/${slug}/settings/webhooks`);
  return { ok: true, redirectTo: `/w/${slug}/settings/webhooks` };
}
