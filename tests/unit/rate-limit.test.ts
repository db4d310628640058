import { describe, it, expect } from "vitest";
import { RateLimiter, rateLimitConfig } from "@/lib/scim-http/rate-limit";

describe("per-token rate limiter", () => {
  it("allows a burst, then asks the client to wait, then refills at the sustained rate", () => {
    const rl = new RateLimiter();
    const cfg = { rps: 10, burst: 20 };
    const t0 = 1_000_000;
    for (let i = 0; i < 20; i++) expect(rl.take("a", cfg, t0)).toBe(0);
    expect(rl.take("a", cfg, t0)).toBe(1);
    // another token is not affected
    expect(rl.take("b", cfg, t0)).toBe(0);
    // 0.5 s later five requests' worth has refilled
    for (let i = 0; i < 5; i++) expect(rl.take("a", cfg, t0 + 500)).toBe(0);
    expect(rl.take("a", cfg, t0 + 500)).toBeGreaterThan(0);
  });

  it("defaults far above Entra's 25 requests/s and can be turned off", () => {
    expect(rateLimitConfig({})).toEqual({ rps: 200, burst: 400 });
    expect(rateLimitConfig({ SCIM_RATE_LIMIT_RPS: "50" })).toEqual({ rps: 50, burst: 100 });
    const off = rateLimitConfig({ SCIM_RATE_LIMIT_RPS: "0" });
    const rl = new RateLimiter();
    for (let i = 0; i < 10_000; i++) expect(rl.take("x", off)).toBe(0);
  });

  it("Entra's pace (25 req/s) never trips the default limit", () => {
    const rl = new RateLimiter();
    const cfg = rateLimitConfig({});
    for (let i = 0; i < 25 * 600; i++) expect(rl.take("entra", cfg, 1_000_000 + i * 40)).toBe(0);
  });
});
