// Keyset cursors and page sizes for the admin lists (lib/services/admin/keyset.ts).
import { describe, it, expect } from "vitest";
import { decodeCursor, encodeCursor, pageSize, toPage } from "@/lib/services/admin/keyset";

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
