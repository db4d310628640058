// When the admin UI warns that provisioning has gone quiet (lib/services/admin/health.ts).
import { describe, it, expect } from "vitest";
import { silence, SILENCE_WARNING_MS } from "@/lib/services/admin/health";

describe("provisioning silence", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it("warns after 80 minutes without requests", () => {
    expect(silence(ago(SILENCE_WARNING_MS + 60_000), ago(86_400_000), now)).toEqual(ago(SILENCE_WARNING_MS + 60_000));
    expect(silence(ago(SILENCE_WARNING_MS - 60_000), ago(86_400_000), now)).toBeNull();
  });
  it("gives a freshly generated token time before warning", () => {
    expect(silence(null, ago(5 * 60_000), now)).toBeNull();
    expect(silence(ago(10 * 86_400_000), ago(5 * 60_000), now)).toBeNull();
    expect(silence(null, ago(2 * 3_600_000), now)).toEqual(ago(2 * 3_600_000));
  });
});
