// Per-token rate limiting (token bucket). The defaults — 200 requests/s sustained, bursts of 400 — are
// far above what Entra (≥25 req/s per tenant) or Okta need, so provisioning never trips it, while a
// runaway client gets 429 with Retry-After instead of starving other workspaces.
// Per server process, deliberately: behind a round-robin balancer N processes let a token through at about
// N × the rate, so a self-hoster running N instances sets SCIM_RATE_LIMIT_RPS to the wanted total / N
// (README "Running several instances"). Sharing the bucket in PostgreSQL would cost a write (a row lock on
// one hot row per token) on every SCIM request, the hot path this limit only guards as a brake far above
// what Entra or Okta send; being over by a factor within N is harmless for that purpose.
// SCIM_RATE_LIMIT_RPS / SCIM_RATE_LIMIT_BURST configure it; SCIM_RATE_LIMIT_RPS=0 turns it off.

import { scimRateLimit } from "@/lib/config";

interface Bucket {
  tokens: number;
  updated: number;
}

const MAX_BUCKETS = 10_000;

export interface RateLimitConfig {
  rps: number;
  burst: number;
}

/** From lib/config (SCIM_RATE_LIMIT_RPS / SCIM_RATE_LIMIT_BURST); `env`: another environment (tests). */
export function rateLimitConfig(env?: Record<string, string | undefined>): RateLimitConfig {
  return scimRateLimit(env);
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  /** Takes one request from `key`'s bucket. Returns 0 when allowed, else the seconds to wait. */
  take(key: string, cfg: RateLimitConfig, now = Date.now()): number {
    if (cfg.rps <= 0) return 0;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.evictIdle(now, cfg);
      b = { tokens: cfg.burst, updated: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(cfg.burst, b.tokens + ((now - b.updated) / 1000) * cfg.rps);
    b.updated = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / cfg.rps));
  }

  /** Buckets that have refilled completely carry no state worth keeping. */
  private evictIdle(now: number, cfg: RateLimitConfig) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.updated) / 1000) * cfg.rps >= cfg.burst) this.buckets.delete(k);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}

export const scimRateLimiter = new RateLimiter();
