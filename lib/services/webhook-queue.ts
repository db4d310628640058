// The worker's side of the outbox (lib/server/webhook-worker.ts): claim due deliveries, record results.
//
// A claim takes only the oldest undelivered event of each (endpoint, subject), so the events of one member
// or group reach a receiver in the order they happened; a delivery in backoff holds back the later ones of
// its subject. Claimed rows are leased (`lockedUntil`): a worker killed mid-delivery leaves a lease that
// runs out, and the delivery is attempted again with the same event id (at least once). On PostgreSQL
// several server processes claim at once without taking each other's rows (FOR UPDATE SKIP LOCKED).
import type { Row, Sql } from "@/lib/db/sql";
import { toDate } from "@/lib/db/sql";
import { database, getDb } from "@/lib/db/client";
import { select } from "./scim/rows";

/** Deliveries are retried with exponential backoff until this long after the event. */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
/** A claimed delivery stays with its worker this long (longer than one attempt may take). */
export const LEASE_MS = 15_000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

export interface ClaimedDelivery {
  seq: number;
  eventId: string;
  endpointId: string;
  type: string;
  payload: string;
  attempts: number;
  createdAt: Date;
  url: string;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretUntil: Date | null;
}

const COLUMNS = `"seq", "eventId", "endpointId", "type", "payload", "attempts", "createdAt"`;

export async function claimDeliveries(limit: number, now = new Date()): Promise<ClaimedDelivery[]> {
  const sql = await appSql();
  const provider = sql.provider;
  // A read first: every server polls, and an UPDATE takes SQLite's write lock even when it matches nothing.
  const due = await sql.query(() =>
    select(
      provider,
      (b) =>
        `SELECT 1 AS "due" FROM "WebhookDelivery" WHERE "state" = 'pending' AND "nextAttemptAt" <= ${b.param(now)} LIMIT 1`,
    ),
  );
  if (due.length === 0) return [];
  const claimed = await sql.query(() =>
    select(provider, (b) => {
      const at = b.param(now);
      const skipLocked = provider === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
      return (
        `UPDATE "WebhookDelivery" SET "lockedUntil" = ${b.param(new Date(now.getTime() + LEASE_MS))}, "attempts" = "attempts" + 1, "lastAttemptAt" = ${at} ` +
        `WHERE "seq" IN (SELECT d."seq" FROM "WebhookDelivery" d WHERE d."state" = 'pending' AND d."nextAttemptAt" <= ${at} ` +
        `AND (d."lockedUntil" IS NULL OR d."lockedUntil" < ${at}) ` +
        `AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" p WHERE p."endpointId" = d."endpointId" AND p."subjectId" = d."subjectId" AND p."seq" < d."seq" AND p."state" = 'pending') ` +
        `ORDER BY d."seq" LIMIT ${b.param(limit)}${skipLocked}) RETURNING ${COLUMNS}`
      );
    }),
  );
  if (claimed.length === 0) return [];
  const endpointIds = [...new Set(claimed.map((r) => r.endpointId as string))];
  const endpoints = await sql.query(() =>
    select(
      provider,
      (b) =>
        `SELECT "id", "url", "secretSealed", "previousSecretSealed", "previousSecretUntil" FROM "WebhookEndpoint" WHERE "id" IN (${endpointIds.map((id) => b.param(id)).join(", ")})`,
    ),
  );
  const byId = new Map<string, Row>(endpoints.map((e) => [e.id as string, e]));
  return claimed
    .filter((r) => byId.has(r.endpointId as string))
    .map((r) => {
      const e = byId.get(r.endpointId as string)!;
      return {
        seq: Number(r.seq),
        eventId: r.eventId as string,
        endpointId: r.endpointId as string,
        type: r.type as string,
        payload: r.payload as string,
        attempts: Number(r.attempts),
        createdAt: toDate(r.createdAt),
        url: e.url as string,
        secretSealed: e.secretSealed as string,
        previousSecretSealed: (e.previousSecretSealed as string | null) ?? null,
        previousSecretUntil: e.previousSecretUntil == null ? null : toDate(e.previousSecretUntil),
      };
    })
    .sort((a, b) => a.seq - b.seq);
}

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  /** the first bytes of the receiver's answer */
  response: string | null;
  error: string | null;
}

/** Exponential backoff with jitter: base·2^(attempt-1), at most an hour. */
export function backoffMs(attempts: number, baseMs: number, random = Math.random): number {
  const raw = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export async function recordAttempt(d: ClaimedDelivery, r: AttemptResult, retryBaseMs: number, now = new Date()) {
  const sql = await appSql();
  const common = {
    lastStatus: r.status,
    lastLatencyMs: Math.round(r.latencyMs),
    lastResponse: r.response,
    lastError: r.error,
    lockedUntil: null,
  };
  let data: Record<string, unknown>;
  if (r.ok) data = { ...common, state: "delivered", deliveredAt: now };
  else if (now.getTime() - d.createdAt.getTime() >= RETRY_FOR_MS) data = { ...common, state: "failed" };
  else data = { ...common, nextAttemptAt: new Date(now.getTime() + backoffMs(d.attempts, retryBaseMs)) };
  await sql.query(() =>
    select(sql.provider, (b) => {
      const set = Object.entries(data)
        .map(([k, v]) => `"${k}" = ${b.param(v)}`)
        .join(", ");
      // Only while the delivery is still ours and pending ("retry now" or another worker may have moved on).
      return `UPDATE "WebhookDelivery" SET ${set} WHERE "seq" = ${b.param(d.seq)} AND "state" = 'pending' RETURNING "seq"`;
    }),
  );
}

/** The app's driver-level SQL, once the connection's settings are in place. */
async function appSql(): Promise<Sql> {
  await getDb();
  return database().sql;
}
