// Which paths run proxy.ts: everything but SCIM (its hot path), build assets and the benchmark's floor route.
// The floor stands for what Next.js costs a SCIM request; run through the proxy it cost ~0.4 ms more per
// request than SCIM's own path, and every share of the floor read too high (BENCHMARKS.md, eighth sitting).
import { expect, it } from "vitest";
import { config } from "@/proxy";

/** The matcher's sources are plain regular expressions over the path (Next adds optional suffixes). */
const runsProxy = (path: string) => config.matcher.some((source) => new RegExp(`^${source}$`).test(path));

it("the proxy skips SCIM and the benchmark floor, and runs everywhere else", () => {
  for (const path of ["/scim/v2", "/scim/v2/Users", "/scim/v2/Groups/g1", "/api/bench-floor"])
    expect(runsProxy(path), path).toBe(false);
  for (const path of ["/", "/w/acme/members", "/api/health", "/api/bench-floor/x", "/api/bench-floorx", "/login"])
    expect(runsProxy(path), path).toBe(true);
  // malformed escapes and NUL are answered by the proxy on every path, SCIM and the floor included
  for (const path of ["/scim/v2/Users/100%", "/api/bench-floor%00"]) expect(runsProxy(path), path).toBe(true);
});
