// Relative and UTC time text in the admin UI (lib/services/admin/time.ts).
import { describe, it, expect } from "vitest";
import { relativeTime, formatUtc } from "@/lib/services/admin/time";

describe("time text", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  it("is relative in both directions", () => {
    expect(relativeTime(new Date("2026-11-29T11:59:50Z"), now)).toBe("just now");
    expect(relativeTime(new Date("2026-11-29T11:55:00Z"), now)).toBe("5 min ago");
    expect(relativeTime(new Date("2026-11-29T09:00:00Z"), now)).toBe("3 h ago");
    expect(relativeTime(new Date("2026-11-28T12:00:00Z"), now)).toBe("1 day ago");
    expect(relativeTime(new Date("2026-12-29T12:00:00Z"), now)).toBe("in 30 days");
  });
  it("formats exact times in UTC", () => {
    expect(formatUtc(new Date("2026-11-29T08:07:06Z"))).toBe("29 Nov 2026, 08:07:06 UTC");
  });
});
