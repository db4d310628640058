// The benchmark's floor route answers only on a server started for the benchmark: anywhere else, neither
// its GET nor its POST (which sends back the JSON it was sent) is there.
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/bench-floor/route";
import { resetConfig } from "@/lib/config";

const post = () =>
  new Request("http://localhost/api/bench-floor", { method: "POST", body: JSON.stringify({ userName: "a@b.c" }) });

describe("the benchmark floor route", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  it("is a plain 404 without BENCH_FLOOR, for GET and POST", async () => {
    vi.stubEnv("BENCH_FLOOR", "");
    resetConfig();
    expect(GET().status).toBe(404);
    const res = await POST(post());
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("");
  });

  it("with BENCH_FLOOR=1, POST parses the body and sends it back", async () => {
    vi.stubEnv("BENCH_FLOOR", "1");
    resetConfig();
    expect(GET().status).toBe(200);
    const res = await POST(post());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userName: "a@b.c" });
  });
});
