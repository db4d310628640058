// Webhook events for changes made in the app (admin actions, the admin CLI), queued in the same Prisma
// transaction as the change (webhook-outbox.ts). The member is read inside that transaction, so the event
// shows the state being committed.
import { database, type Db } from "@/lib/db/client";
import { enqueueInPrisma, memberData, type WebhookEventType } from "../webhook-outbox";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Queues a member event; `override` holds values the caller is about to write (before its UPDATE). */
export async function adminMemberEventIn(
  tx: Tx,
  workspaceId: string,
  type: WebhookEventType,
  memberId: string,
  override: Record<string, unknown>,
) {
  const m = await tx.member.findFirst({
    where: { id: memberId, workspaceId },
    select: { id: true, userName: true, email: true, displayName: true, externalId: true, role: true, status: true },
  });
  if (!m) return;
  await enqueueInPrisma(tx, database().provider, workspaceId, [
    { type, subjectId: m.id, data: memberData({ ...m, ...override }, "admin") },
  ]);
}
