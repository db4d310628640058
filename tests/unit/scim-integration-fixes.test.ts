// Unit tests for pure-layer fixes found by the SCIM HTTP integration suites (tests/integration/scim-*.test.ts).
import { describe, expect, it } from "vitest";
import { roleAfterUserType } from "@/lib/services/scim/columns";

describe("roleAfterUserType", () => {
  it.each([
    // SCIM never removes the owner role, whatever userType says (owners are managed in the app)
    ["owner", "admin", "owner"],
    ["owner", "ADMIN", "owner"],
    ["owner", "user", "owner"],
    ["owner", "member_lite", "owner"],
    ["member", "admin", "admin"],
    ["admin", "user", "member"],
    ["member_lite", "Admin", "admin"],
    // unknown or missing values leave the role alone
    ["admin", "Contractor", "admin"],
    ["owner", null, "owner"],
    ["member", undefined, "member"],
  ])("%s + userType %j → %s", (current, userType, expected) => {
    expect(roleAfterUserType(current, userType)).toBe(expected);
  });
});

describe("SqlBuilder.lower", () => {
  it("folds case with the registered Unicode-aware function on SQLite and LOWER() on PostgreSQL", async () => {
    const { SqlBuilder, compileFilter } = await import("@/lib/services/scim/sql");
    const { parseFilter } = await import("@/lib/scim/filter/parse");
    const { SQLITE_UNICODE_LOWER, unicodeLower } = await import("@/lib/db/sql-functions");
    expect(new SqlBuilder("sqlite").lower("x")).toBe(`${SQLITE_UNICODE_LOWER}(x)`);
    expect(new SqlBuilder("postgres").lower("x")).toBe("LOWER(x)");
    for (const provider of ["sqlite", "postgres"] as const) {
      const b = new SqlBuilder(provider);
      const q = b.finalize(compileFilter(parseFilter('name.familyName eq "ZOË"'), { type: "User", table: `"Member"`, b }));
      expect(q.sql).toContain(provider === "sqlite" ? `${SQLITE_UNICODE_LOWER}("Member"."familyName")` : `LOWER("Member"."familyName")`);
      expect(q.params).toEqual(["zoë"]);
    }
    expect(unicodeLower("ÉMILE ZOË")).toBe("émile zoë");
    expect(unicodeLower(42)).toBe(42);
    expect(unicodeLower(null)).toBeNull();
  });
});
