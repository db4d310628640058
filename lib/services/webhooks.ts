// Webhook endpoints of a workspace: only its owners configure them (every function takes the workspace
// and the acting member, and checks the role itself). The signing secret (Standard Webhooks `whsec_…`)
// is shown once when created or rotated and stored sealed, because the worker needs it to sign.
import { randomBytes, randomUUID } from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import { database } from "@/lib/db/client";
import { SqlBuilder } from "./scim/sql";
import { eventBody } from "./webhook-outbox";
import { open, seal } from "@/lib/sso/secret-box";
import { isAllowedHost } from "@/lib/sso/safe-fetch";
import { DomainError } from "./errors";

export interface WebhookActor {
  memberId: string;
  role: string;
}

/** During a rotation the old secret keeps signing (next to the new one) this long. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
export const MAX_ENDPOINTS = 10;

function assertOwner(actor: WebhookActor) {
  if (actor.role !== "owner") throw new DomainError("forbidden", "Only workspace owners can manage webhooks.", "form");
}

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** https only; plain http only for hosts the operator allowed (SSO_FETCH_ALLOW_HOSTS, the same rule as SSO
 * metadata fetching; the address checks happen again at every delivery, see lib/sso/safe-fetch.ts). */
export function validateEndpointUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new DomainError("invalid", "Enter a full URL such as https://example.com/webhooks.", "url");
  }
  if (u.username || u.password)
    throw new DomainError("invalid", "The URL must not contain a user name or password.", "url");
  if (u.protocol !== "https:" && !(u.protocol === "http:" && isAllowedHost(u))) {
    throw new DomainError("invalid", "The URL must start with https://.", "url");
  }
  if (u.href.length > 2000) throw new DomainError("invalid", "The URL is too long.", "url");
  return u.href;
}

export async function listEndpoints(workspaceId: string, actor: WebhookActor) {
  const db = await getDb();
  assertOwner(actor);
  return db.webhookEndpoint.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true, description: true, enabled: true, createdAt: true, previousSecretUntil: true },
  });
}

export async function createEndpoint(
  workspaceId: string,
  actor: WebhookActor,
  input: { url: string; description?: string | null },
) {
  const db = await getDb();
  assertOwner(actor);
  const url = validateEndpointUrl(input.url);
  const description = input.description?.trim().slice(0, 200) || null;
  if ((await db.webhookEndpoint.count({ where: { workspaceId } })) >= MAX_ENDPOINTS) {
    throw new DomainError("invalid", `A workspace can have at most ${MAX_ENDPOINTS} webhook endpoints.`, "form");
  }
  const secret = newSecret();
  const endpoint = await db.webhookEndpoint.create({
    data: {
      id: randomUUID(),
      workspaceId,
      url,
      description,
      secretSealed: seal(secret),
      createdByMemberId: actor.memberId,
    },
    select: { id: true, url: true },
  });
  return { endpoint, secret };
}

async function ownEndpoint(db: Db, workspaceId: string, endpointId: string) {
  const e = await db.webhookEndpoint.findFirst({ where: { id: endpointId, workspaceId } });
  if (!e) throw new DomainError("not_found", "No such webhook endpoint in this workspace.");
  return e;
}

/** A new secret signs from now on; the previous one signs too (both signatures sent) for 24 hours, so
 * receivers can switch without missing a delivery. */
export async function rotateSecret(workspaceId: string, actor: WebhookActor, endpointId: string, now = new Date()) {
  const db = await getDb();
  assertOwner(actor);
  const e = await ownEndpoint(db, workspaceId, endpointId);
  const secret = newSecret();
  await db.webhookEndpoint.updateMany({
    where: { id: e.id, workspaceId },
    data: {
      secretSealed: seal(secret),
      previousSecretSealed: e.secretSealed,
      previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS),
    },
  });
  return { secret };
}

export async function deleteEndpoint(workspaceId: string, actor: WebhookActor, endpointId: string) {
  const db = await getDb();
  assertOwner(actor);
  const e = await ownEndpoint(db, workspaceId, endpointId);
  await db.webhookEndpoint.deleteMany({ where: { id: e.id, workspaceId } });
}

export async function setEndpointEnabled(
  workspaceId: string,
  actor: WebhookActor,
  endpointId: string,
  enabled: boolean,
) {
  const db = await getDb();
  assertOwner(actor);
  const e = await ownEndpoint(db, workspaceId, endpointId);
  await db.webhookEndpoint.updateMany({ where: { id: e.id, workspaceId }, data: { enabled } });
}

/** The delivery log of one endpoint, newest first. */
export async function listDeliveries(workspaceId: string, actor: WebhookActor, endpointId: string, take = 50) {
  const db = await getDb();
  assertOwner(actor);
  const e = await ownEndpoint(db, workspaceId, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId: e.id, workspaceId },
    orderBy: { seq: "desc" },
    take,
    select: {
      seq: true,
      eventId: true,
      type: true,
      state: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatus: true,
      lastLatencyMs: true,
      lastResponse: true,
      lastError: true,
      lastAttemptAt: true,
      createdAt: true,
      deliveredAt: true,
    },
  });
  return {
    endpoint: {
      id: e.id,
      url: e.url,
      description: e.description,
      enabled: e.enabled,
      previousSecretUntil: e.previousSecretUntil,
    },
    deliveries: rows,
  };
}

/** "Retry now": a pending or failed delivery is attempted at the next worker tick (same event id). */
export async function retryDelivery(
  workspaceId: string,
  actor: WebhookActor,
  endpointId: string,
  seq: number,
  now = new Date(),
) {
  const db = await getDb();
  assertOwner(actor);
  const e = await ownEndpoint(db, workspaceId, endpointId);
  const n = await db.webhookDelivery.updateMany({
    where: { seq, endpointId: e.id, workspaceId, state: { in: ["pending", "failed"] } },
    data: { state: "pending", nextAttemptAt: now },
  });
  if (n.count === 0) throw new DomainError("not_found", "That delivery is already delivered or does not exist.");
}

/** "Send test event": a `webhook.test` event to this endpoint only, through the outbox like any other. */
export async function sendTestEvent(workspaceId: string, actor: WebhookActor, endpointId: string, now = new Date()) {
  const db = await getDb();
  assertOwner(actor);
  const e = await ownEndpoint(db, workspaceId, endpointId);
  const eventId = `msg_${randomUUID()}`;
  const { provider } = database();
  const b = new SqlBuilder(provider);
  const at = provider === "sqlite" ? now.toISOString().replace("Z", "+00:00") : now;
  const ts = provider === "postgres" ? "::timestamp(3)" : "";
  const q = b.finalize(
    `INSERT INTO "WebhookDelivery" ("eventId", "workspaceId", "endpointId", "type", "subjectId", "payload", "state", "attempts", "nextAttemptAt", "createdAt") ` +
      `VALUES (${b.param(eventId)}, ${b.param(workspaceId)}, ${b.param(e.id)}, 'webhook.test', ${b.param(`test:${eventId}`)}, ` +
      `${b.param(eventBody("webhook.test", { endpointId: e.id, message: "Test event sent from the workspace settings" }, now))}, 'pending', 0, ${b.param(at)}${ts}, ${b.param(at)}${ts})`,
  );
  await db.$executeRawUnsafe(q.sql, ...q.params);
  return { eventId };
}

/** The endpoint's current signing secrets (the previous one only while its overlap lasts). */
export function signingSecrets(
  e: { secretSealed: string; previousSecretSealed: string | null; previousSecretUntil: Date | null },
  now = new Date(),
): string[] {
  const out: string[] = [];
  const current = open(e.secretSealed);
  if (current) out.push(current);
  if (e.previousSecretSealed && e.previousSecretUntil && e.previousSecretUntil > now) {
    const previous = open(e.previousSecretSealed);
    if (previous) out.push(previous);
  }
  return out;
}
