// Case-insensitive "contains" that works on both databases: SQLite's LIKE already ignores ASCII case,
// PostgreSQL needs Prisma's `mode: "insensitive"` (ILIKE), which the SQLite client rejects.
import { database } from "@/lib/db/client";
import { toStorableText } from "@/lib/storable-text";

/** The search box's text, trimmed, in a form both databases can compare (lib/storable-text.ts: a U+0000 would make
 * PostgreSQL fail the query); undefined when empty. */
export function searchText(q: string | null | undefined): string | undefined {
  return q ? toStorableText(q).trim() || undefined : undefined;
}

export function containsText(q: string): { contains: string } {
  return database().provider === "postgres"
    ? ({ contains: q, mode: "insensitive" } as { contains: string })
    : { contains: q };
}
