// Case-insensitive "contains" that works on both databases: SQLite's LIKE already ignores ASCII case,
// PostgreSQL needs Prisma's `mode: "insensitive"` (ILIKE), which the SQLite client rejects.
import { database } from "@/lib/db/client";

export function containsText(q: string): { contains: string } {
  return database().provider === "postgres"
    ? ({ contains: q, mode: "insensitive" } as { contains: string })
    : { contains: q };
}
