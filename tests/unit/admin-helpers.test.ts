import { describe, it, expect } from "vitest";
import { csvField, csvRow } from "@/lib/services/admin/csv";
import { decodeCursor, encodeCursor, pageSize, toPage } from "@/lib/services/admin/keyset";
import { silence, SILENCE_WARNING_MS } from "@/lib/services/admin/health";
import { relativeTime, formatUtc } from "@/lib/services/admin/time";

describe("keyset cursors", () => {
  it("round-trips and rejects tampered or wrong-arity cursors", () => {
    const c = encodeCursor(["2026-11-29T10:00:00.000Z", "abc"]);
    expect(decodeCursor(c, 2)).toEqual(["2026-11-29T10:00:00.000Z", "abc"]);
    expect(decodeCursor(c, 1)).toBeNull();
    expect(decodeCursor("not-base64-json", 1)).toBeNull();
    expect(decodeCursor(Buffer.from('[{"x":1}]').toString("base64url"), 1)).toBeNull();
    expect(decodeCursor(undefined, 1)).toBeNull();
  });

  const key = (n: number) => [n];
  it("first page: next when the extra row came back, no prev", () => {
    const p = toPage([1, 2, 3], { size: 2 }, key);
    expect(p.rows).toEqual([1, 2]);
    expect(decodeCursor(p.next, 1)).toEqual([2]);
    expect(p.prev).toBeNull();
  });
  it("middle page reached forwards: both links", () => {
    const p = toPage([3, 4, 5], { size: 2, after: "x" }, key);
    expect(p.rows).toEqual([3, 4]);
    expect(decodeCursor(p.prev, 1)).toEqual([3]);
    expect(decodeCursor(p.next, 1)).toEqual([4]);
  });
  it("last page: no next", () => {
    const p = toPage([5], { size: 2, after: "x" }, key);
    expect(p.next).toBeNull();
    expect(p.prev).not.toBeNull();
  });
  it("going backwards flips rows into display order and knows whether more precede", () => {
    const back = toPage([4, 3, 2], { size: 2, before: "x" }, key);
    expect(back.rows).toEqual([3, 4]);
    expect(decodeCursor(back.prev, 1)).toEqual([3]);
    expect(decodeCursor(back.next, 1)).toEqual([4]);
    const start = toPage([2, 1], { size: 2, before: "x" }, key);
    expect(start.rows).toEqual([1, 2]);
    expect(start.prev).toBeNull();
  });
  it("empty page has no links", () => {
    expect(toPage([], { size: 2, after: "x" }, key)).toEqual({ rows: [], next: null, prev: null });
  });
  it("clamps page sizes", () => {
    expect(pageSize("25")).toBe(25);
    expect(pageSize("100000")).toBe(200);
    expect(pageSize("-1")).toBe(50);
    expect(pageSize("abc")).toBe(50);
    expect(pageSize(undefined)).toBe(50);
  });
});

describe("CSV", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(401)).toBe("401");
    expect(csvField(-3)).toBe("-3");
  });
  it("defuses spreadsheet formulas", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });
  it("writes dates as ISO and ends rows with CRLF", () => {
    expect(csvRow([new Date("2026-01-02T03:04:05.000Z"), "a"])).toBe("2026-01-02T03:04:05.000Z,a\r\n");
  });
});

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
