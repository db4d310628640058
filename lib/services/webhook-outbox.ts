// The webhook outbox: events are written in the same transaction as the change they report, one row per
// endpoint of the workspace (INSERT … SELECT over WebhookEndpoint, so a workspace without endpoints
// writes nothing). A SCIM request already knows from its token check whether there is any enabled
// endpoint (`EventScope.webhooks`) and then builds no events at all. The worker
// (lib/server/webhook-worker.ts) delivers them.
//
// On the SCIM hot path (driver-level SQL) the outbox INSERT costs no extra round trip on PostgreSQL: it
// rides in the write's own statement as a CTE gated on the write's RETURNING (`withEvents`). On SQLite it
// is a second statement in the write's transaction (no round trip there anyway).
import { randomUUID } from "node:crypto";
import type { Row, Work } from "@/lib/db/sql";
import type { Provider } from "@/lib/db/url";
import { select, statement } from "./scim/rows";
import { SqlBuilder } from "./scim/sql";

export const WEBHOOK_EVENT_TYPES = [
  "member.created",
  "member.updated",
  "member.suspended",
  "member.reactivated",
  "member.removed",
  "group.created",
  "group.updated",
  "group.removed",
  "group.members.added",
  "group.members.removed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number] | "webhook.test";

export interface OutboxEvent {
  type: WebhookEventType;
  /** the member or group the event is about: events of one subject are delivered in order */
  subjectId: string;
  data: Record<string, unknown>;
}

/** The member fields an event carries (never the whole SCIM document: receivers fetch that if they need it). */
export function memberData(
  m: {
    id: string;
    userName: string;
    email?: string | null;
    displayName?: string | null;
    externalId?: string | null;
    role?: string;
    status?: string;
    active?: boolean;
  },
  source: "scim" | "admin",
) {
  return {
    id: m.id,
    userName: m.userName,
    email: m.email ?? null,
    displayName: m.displayName ?? null,
    externalId: m.externalId ?? null,
    role: m.role ?? null,
    status: m.status ?? null,
    source,
  };
}

/** member.updated, or suspended/reactivated when the status crossed that line. */
export function memberChangeType(before: string, after: string): WebhookEventType {
  if (after === "suspended" && before !== "suspended") return "member.suspended";
  if (before === "suspended" && after !== "suspended") return "member.reactivated";
  return "member.updated";
}

/** The body a receiver gets (Standard Webhooks: type, timestamp, data). */
export function eventBody(type: string, data: Record<string, unknown>, at: Date) {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** `INSERT … SELECT` of one event for every enabled endpoint of the workspace; `gate` is extra SQL that
 * must hold (the write's CTE returned a row). */
export function outboxInsertSql(b: SqlBuilder, workspaceId: string, event: OutboxEvent, gate = ""): string {
  const now = new Date();
  // PostgreSQL types a parameter in an INSERT … SELECT list as text unless told otherwise.
  const ts = b.provider === "postgres" ? "::timestamp(3)" : "";
  const when = b.param(now);
  return (
    `INSERT INTO "WebhookDelivery" ("eventId", "workspaceId", "endpointId", "type", "subjectId", "payload", "state", "attempts", "nextAttemptAt", "createdAt") ` +
    `SELECT ${b.param(`msg_${randomUUID()}`)}, e."workspaceId", e."id", ${b.param(event.type)}, ${b.param(event.subjectId)}, ` +
    `${b.param(eventBody(event.type, event.data, now))}, 'pending', 0, ${when}${ts}, ${when}${ts} FROM "WebhookEndpoint" e ` +
    `WHERE e."workspaceId" = ${b.param(workspaceId)} AND e."enabled" = ${b.bool(true)}${gate}`
  );
}

/** Where a SCIM write's events go. `webhooks` false (read with the request's token): the workspace has no
 * enabled endpoint, so nothing is built or written. An endpoint enabled while a request is in flight gets
 * the events of requests authenticated after it was saved. Unset: the INSERT … SELECT decides. */
export interface EventScope {
  provider: Provider;
  workspaceId: string;
  webhooks?: boolean;
}

/** The events worth writing for this scope (none when it has no endpoint). */
export const eventsFor = (scope: EventScope, events: () => OutboxEvent[]): OutboxEvent[] =>
  scope.webhooks === false ? [] : events();

/** Queues events inside the caller's transaction. */
export function* enqueue(scope: EventScope, events: () => OutboxEvent[]): Work<void> {
  for (const event of eventsFor(scope, events))
    yield statement(scope.provider, (b) => outboxInsertSql(b, scope.workspaceId, event));
}

/** A write with RETURNING and the events it causes, atomically, written only when the write returned a
 * row. PostgreSQL: one statement (`WITH w AS (<write>), e0 AS (<outbox insert>) SELECT * FROM w`).
 * SQLite: the write, then the outbox INSERT; the caller runs this inside a transaction. */
export function* withEvents(
  scope: EventScope,
  build: (b: SqlBuilder) => string,
  events: () => OutboxEvent[],
): Work<Row[]> {
  const { provider, workspaceId } = scope;
  const queued = eventsFor(scope, events);
  if (queued.length === 0) return yield* select(provider, build);
  if (provider === "postgres") {
    return yield* select(provider, (b) => {
      const write = build(b);
      const outbox = queued.map(
        (e, i) => `e${i} AS (${outboxInsertSql(b, workspaceId, e, " AND EXISTS (SELECT 1 FROM w)")})`,
      );
      return `WITH w AS (${write}), ${outbox.join(", ")} SELECT * FROM w`;
    });
  }
  const rows = yield* select(provider, build);
  if (rows.length) yield* enqueue(scope, () => queued);
  return rows;
}

/** Queues events inside a Prisma interactive transaction (admin actions), with the same statement. */
export async function enqueueInPrisma(
  tx: { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> },
  provider: Provider,
  workspaceId: string,
  events: OutboxEvent[],
) {
  for (const event of events) {
    const b = new SqlBuilder(provider);
    const q = b.finalize(outboxInsertSql(b, workspaceId, event));
    // SQLite stores DateTime as ISO text with an offset (lib/db/sql.ts sqliteParam); bind it the same way.
    const params =
      provider === "sqlite"
        ? q.params.map((p) => (p instanceof Date ? p.toISOString().replace("Z", "+00:00") : p))
        : q.params;
    await tx.$executeRawUnsafe(q.sql, ...params);
  }
}

/** The events of a group write: its own attributes changed, members added or removed, or the whole list
 * replaced (PUT, `replace members`: group.updated with the new list). Member ids are those the request
 * named; ids of no member of this workspace are ignored by the write. */
export function groupChangeEvents(
  groupId: string,
  change: { reset: boolean; add: string[]; remove: string[] },
  attrs: { displayName?: string; externalId?: string | null },
  source: "scim" | "admin",
): OutboxEvent[] {
  const events: OutboxEvent[] = [];
  const group = { id: groupId, ...attrs, source };
  if (change.reset) events.push({ type: "group.updated", subjectId: groupId, data: { ...group, members: change.add } });
  else {
    if (attrs.displayName !== undefined || attrs.externalId !== undefined)
      events.push({ type: "group.updated", subjectId: groupId, data: group });
    if (change.remove.length)
      events.push({ type: "group.members.removed", subjectId: groupId, data: { group, members: change.remove } });
    if (change.add.length)
      events.push({ type: "group.members.added", subjectId: groupId, data: { group, members: change.add } });
  }
  return events;
}
