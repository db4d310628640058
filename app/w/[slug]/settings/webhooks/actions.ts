"use server";
// Webhook endpoint actions, owners only; defineAction re-checks the caller on every call (the services
// check the role again).
import { createEndpoint, deleteEndpoint, retryDelivery, rotateSecret, sendTestEvent } from "@/lib/services/webhooks";
import type { ActionState } from "@/components/action-state";
import { defineAction, INVALID_REQUEST } from "../../action-helpers";
import { z } from "zod";

const owners = { role: "owner", refused: "Only workspace owners can manage webhooks." } as const;
const actorOf = (member: { id: string; role: string }) => ({ memberId: member.id, role: member.role });

export const createEndpointAction = defineAction({
  ...owners,
  args: ["slug"],
  revalidate: ({ slug }) => [`/w/${slug}/settings/webhooks`],
  run: async (_input, { workspace, member, form }) => {
    const { secret } = await createEndpoint(workspace.id, actorOf(member), {
      url: String(form.get("url") ?? ""),
      description: String(form.get("description") ?? ""),
    });
    return `Endpoint added. Its signing secret is shown only now — copy it into your receiver: ${secret}`;
  },
});

const endpoint = {
  ...owners,
  args: ["slug", "id"],
  revalidate: ({ slug, id }: { slug: string; id: string }) => [`/w/${slug}/settings/webhooks/${id}`],
} as const;

export const rotateSecretAction = defineAction({
  ...endpoint,
  run: async ({ id }, { workspace, member }) => {
    const { secret } = await rotateSecret(workspace.id, actorOf(member), id);
    return `New signing secret (shown only now; the old one keeps signing too for 24 hours): ${secret}`;
  },
});

export const sendTestEventAction = defineAction({
  ...endpoint,
  run: async ({ id }, { workspace, member }) => {
    const { eventId } = await sendTestEvent(workspace.id, actorOf(member), id);
    return `Test event ${eventId} queued; it appears in the log below within seconds.`;
  },
});

export const retryDeliveryAction = defineAction({
  ...endpoint,
  run: async ({ id }, { workspace, member, form }) => {
    const seq = Number(form.get("seq"));
    if (!Number.isSafeInteger(seq)) return INVALID_REQUEST;
    await retryDelivery(workspace.id, actorOf(member), id, seq);
    return "Queued for another attempt now.";
  },
});

/** For the confirmation dialog (ConfirmAction): removes the endpoint and its delivery log. */
export const deleteEndpointAction = defineAction({
  ...owners,
  schema: z.object({ slug: z.string().min(1).max(64), endpointId: z.string().min(1).max(64) }),
  revalidate: ({ slug }) => [`/w/${slug}/settings/webhooks`],
  run: async ({ slug, endpointId }, { workspace, member }): Promise<ActionState> => {
    await deleteEndpoint(workspace.id, actorOf(member), endpointId);
    return { ok: true, redirectTo: `/w/${slug}/settings/webhooks` };
  },
});
