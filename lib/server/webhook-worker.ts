// Delivers the webhook outbox (lib/services/webhook-queue.ts) from inside the server process: started by
// instrumentation.ts, stopped on graceful shutdown (an attempt in flight is awaited; a process killed
// outright leaves leases that run out, and the deliveries are sent again with the same event id).
//
// Every request is signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`,
// with both secrets during a rotation) and sent through the SSRF-safe client of the SSO code
// (lib/sso/safe-fetch.ts): https to public addresses only, unless SSO_FETCH_ALLOW_HOSTS names the host.
import { Webhook } from "standardwebhooks";
import { config } from "@/lib/config";
import { safeFetch } from "@/lib/sso/safe-fetch";
import { signingSecrets } from "@/lib/services/webhooks";
import { claimDeliveries, recordAttempt, type AttemptResult, type ClaimedDelivery } from "@/lib/services/webhook-queue";
import { log } from "@/lib/log";

const RESPONSE_EXCERPT = 500;
const TIMEOUT_MS = 10_000;

export interface WorkerOptions {
  /** how often the outbox is polled */
  intervalMs?: number;
  /** first retry delay; doubles per attempt (WEBHOOK_RETRY_BASE_MS, default 10 s) */
  retryBaseMs?: number;
  batch?: number;
}

interface WorkerState {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  stopped: boolean;
}

// On globalThis: instrumentation.ts and the routes are bundled separately.
const g = globalThis as unknown as { __webhookWorker?: WorkerState };

export function webhookRetryBaseMs(): number {
  return config().WEBHOOK_RETRY_BASE_MS;
}

export function startWebhookWorker(opts: WorkerOptions = {}) {
  if (g.__webhookWorker && !g.__webhookWorker.stopped) return;
  const state: WorkerState = { timer: null, running: null, stopped: false };
  g.__webhookWorker = state;
  const interval = opts.intervalMs ?? 1000;
  const retryBaseMs = opts.retryBaseMs ?? webhookRetryBaseMs();
  const batch = opts.batch ?? 20;
  const tick = async () => {
    state.timer = null;
    if (state.stopped) return;
    let claimed = 0;
    state.running = (async () => {
      try {
        claimed = await deliverBatch(batch, retryBaseMs);
      } catch (e) {
        log.error({ reason: (e as Error).message }, "webhooks: delivery round failed");
      }
    })();
    await state.running;
    state.running = null;
    // A full batch: there may be more due right away.
    if (!state.stopped) state.timer = setTimeout(tick, claimed >= batch ? 0 : interval);
    state.timer?.unref?.();
  };
  state.timer = setTimeout(tick, 0);
  state.timer.unref?.();
}

/** Stops polling and waits for the attempts in flight (their results are recorded). */
export async function stopWebhookWorker() {
  const state = g.__webhookWorker;
  if (!state) return;
  state.stopped = true;
  if (state.timer) clearTimeout(state.timer);
  await state.running;
}

/** One round: claim due deliveries and send them (different subjects in parallel). Returns how many. */
export async function deliverBatch(batch = 20, retryBaseMs = webhookRetryBaseMs()): Promise<number> {
  const due = await claimDeliveries(batch);
  await Promise.all(
    due.map(async (d) => {
      const result = await attempt(d);
      await recordAttempt(d, result, retryBaseMs);
    }),
  );
  return due.length;
}

/** The signature header value: one `v1,<base64>` per secret, space-separated (Standard Webhooks). */
export function signatureHeader(secrets: string[], eventId: string, at: Date, payload: string): string {
  return secrets.map((s) => new Webhook(s).sign(eventId, at, payload)).join(" ");
}

async function attempt(d: ClaimedDelivery): Promise<AttemptResult> {
  const started = performance.now();
  const secrets = signingSecrets(d);
  if (secrets.length === 0)
    return {
      ok: false,
      status: null,
      latencyMs: 0,
      response: null,
      error: "The signing secret cannot be read (AUTH_SECRET changed?): rotate the secret.",
    };
  const at = new Date();
  try {
    const res = await safeFetch(d.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "scim-workspace-webhooks/1",
        "webhook-id": d.eventId,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signatureHeader(secrets, d.eventId, at, d.payload),
      },
      body: d.payload,
      timeoutMs: TIMEOUT_MS,
      followRedirects: false,
    });
    const text = (await res.text().catch(() => "")).slice(0, RESPONSE_EXCERPT);
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      status: res.status,
      latencyMs: performance.now() - started,
      response: text || null,
      error: ok ? null : `HTTP ${res.status}`,
    };
  } catch (e) {
    return {
      ok: false,
      status: null,
      latencyMs: performance.now() - started,
      response: null,
      error: (e as Error).message.slice(0, RESPONSE_EXCERPT),
    };
  }
}
