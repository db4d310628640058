import { describe, it, expect } from "vitest";
import { SqlBuilder, compileFilter } from "@/lib/services/scim/sql";
import { parseFilter } from "@/lib/scim/filter/parse";

function compile(provider: "sqlite" | "postgres", filter: string, type: "User" | "Group" = "User") {
  const b = new SqlBuilder(provider);
  const where = compileFilter(parseFilter(filter), { type, table: `"Member"`, b });
  return b.finalize(where);
}

describe("SqlBuilder", () => {
  it("numbers parameters in the order they appear in the SQL, not the order they were created", () => {
    for (const provider of ["sqlite", "postgres"] as const) {
      const b = new SqlBuilder(provider);
      const later = b.param("second");
      const first = b.param("first");
      const q = b.finalize(`a = ${first} AND b = ${later} AND c = ${first}`);
      expect(q.params).toEqual(["first", "second", "first"]);
      expect(q.sql).toBe(provider === "sqlite" ? "a = ? AND b = ? AND c = ?" : "a = $1 AND b = $2 AND c = $3");
    }
  });
});

describe("compileFilter", () => {
  it("looks userName up through the lower-cased indexed column", () => {
    const q = compile("sqlite", 'userName eq "Alice@Example.COM"');
    expect(q.sql).toContain(`"Member"."userNameLower" = ?`);
    expect(q.params).toEqual(["alice@example.com"]);
  });

  it("keeps externalId case-exact", () => {
    const q = compile("postgres", "externalId eq AbC");
    expect(q.sql).toContain(`"Member"."externalId" = $1`);
    expect(q.params).toEqual(["AbC"]);
  });

  it("narrows Entra's work-email lookup by the indexed column, with params in SQL order", () => {
    const q = compile("sqlite", 'emails[type eq "work"].value eq "X@Y.com"');
    expect(q.sql.indexOf(`"emailLower" = ?`)).toBeLessThan(q.sql.indexOf("EXISTS"));
    expect(q.params[0]).toBe("x@y.com");
    expect(q.params).toEqual(["x@y.com", "work", "x@y.com"]);
  });

  it("escapes LIKE wildcards in co/sw/ew values", () => {
    const q = compile("postgres", 'displayName co "50%_off"');
    expect(q.params).toEqual(["%50\\%\\_off%"]);
  });

  it("rejects unknown core attributes and boolean comparisons other than eq", () => {
    expect(() => compile("sqlite", 'nosuch eq "x"')).toThrowError(/Unknown attribute/);
    expect(() => compile("sqlite", "active gt true")).toThrowError(/boolean/);
  });
});
