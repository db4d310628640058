// SqlBuilder.lower: case folding in SCIM filter SQL, Unicode-aware on SQLite and LOWER() on PostgreSQL (a fix found by
// the SCIM HTTP integration suites).
import { describe, expect, it } from "vitest";

describe("SqlBuilder.lower", () => {
  it("folds case with the registered Unicode-aware function on SQLite and LOWER() on PostgreSQL", async () => {
    const { SqlBuilder, compileFilter } = await import("@/lib/services/scim/sql");
    const { parseFilter } = await import("@/lib/scim/filter/parse");
    const { SQLITE_UNICODE_LOWER, unicodeLower } = await import("@/lib/db/sql-functions");
    expect(new SqlBuilder("sqlite").lower("x")).toBe(`${SQLITE_UNICODE_LOWER}(x)`);
    expect(new SqlBuilder("postgres").lower("x")).toBe("LOWER(x)");
    for (const provider of ["sqlite", "postgres"] as const) {
      const b = new SqlBuilder(provider);
      const q = b.finalize(
        compileFilter(parseFilter('name.familyName eq "ZOË"'), { type: "User", table: `"Member"`, b }),
      );
      expect(q.sql).toContain(
        provider === "sqlite" ? `${SQLITE_UNICODE_LOWER}("Member"."familyName")` : `LOWER("Member"."familyName")`,
      );
      expect(q.params).toEqual(["zoë"]);
    }
    expect(unicodeLower("ÉMILE ZOË")).toBe("émile zoë");
    expect(unicodeLower(42)).toBe(42);
    expect(unicodeLower(null)).toBeNull();
  });
});
