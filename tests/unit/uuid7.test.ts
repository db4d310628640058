import { describe, expect, it } from "vitest";
import { uuidv7 } from "@/lib/uuid7";

describe("uuidv7", () => {
  it("is an RFC 9562 version 7 UUID whose first 48 bits are the time in milliseconds", () => {
    const at = Date.UTC(2026, 11, 5, 21, 0, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts by time as text (what a primary-key index compares), and never repeats", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 4)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 4; i < ids.length; i++) expect(ids[i] > ids[i - 4]).toBe(true);
  });
});
