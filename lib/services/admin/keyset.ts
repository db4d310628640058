// Keyset ("seek") pagination helpers. Pages are fetched by comparing against the last row's sort key
// on an indexed order, so page 2,000 of 100k members costs the same as page 1 (no OFFSET scan).
// Pure: no database access.
import { hasUnstorableText } from "@/lib/storable-text";

/** A position in a list: the sort-key values of one row, serialised into an opaque URL-safe string. */
export type Cursor = (string | number)[];

export function encodeCursor(key: Cursor): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The cursor's values, or null for anything that was not produced by encodeCursor (tampered URLs, including
 * text the database cannot compare, such as U+0000). */
export function decodeCursor(raw: string | null | undefined, arity: number): Cursor | null {
  if (!raw || raw.length > 2000) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== arity) return null;
    const ok = (v: unknown) =>
      (typeof v === "string" && !hasUnstorableText(v)) || (typeof v === "number" && Number.isFinite(v));
    return value.every(ok) ? (value as Cursor) : null;
  } catch {
    return null;
  }
}

export interface PageRequest {
  /** rows after this cursor (next page) */
  after?: string | null;
  /** rows before this cursor (previous page) */
  before?: string | null;
  size: number;
}

export interface Page<T> {
  rows: T[];
  /** cursor for the next page, when there is one */
  next: string | null;
  /** cursor for the previous page, when there is one */
  prev: string | null;
}

/**
 * Turns `size + 1` rows fetched in query direction into a page. Going backwards (`before`), the rows
 * were fetched in reverse order and are flipped back here; the extra row tells whether more exist.
 */
export function toPage<T>(fetched: T[], req: PageRequest, keyOf: (row: T) => Cursor): Page<T> {
  const backwards = !!req.before;
  const hasMore = fetched.length > req.size;
  const rows = fetched.slice(0, req.size);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Forwards: more rows follow when the extra row came back; rows precede when we started from a cursor.
  // Backwards: the mirror image; rows always follow (the cursor row itself).
  const hasNext = backwards ? true : hasMore;
  const hasPrev = backwards ? hasMore : !!req.after;
  return {
    rows,
    next: last && hasNext ? encodeCursor(keyOf(last)) : null,
    prev: first && hasPrev ? encodeCursor(keyOf(first)) : null,
  };
}

/** Clamps a page-size query parameter. */
export function pageSize(raw: string | null | undefined, fallback = 50, max = 200): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}
