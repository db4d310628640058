// SQL functions the app registers on its SQLite connections (lib/db/client.ts) and the SQL it builds uses
// (lib/services/scim/sql.ts). PostgreSQL has built-in equivalents.

/** Unicode-aware lower case, as JavaScript's toLowerCase(). SQLite's own LOWER() (and LIKE's case folding)
 * handle ASCII only, so `name.familyName eq "zoë"` would not find "ZOË". */
export const SQLITE_UNICODE_LOWER = "unicode_lower";

export function unicodeLower(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}

/** The natural sort key of a name (lib/services/admin/natural-order.ts): lower case, every run of digits
 * zero-padded to 10 places, so "user 2" sorts before "user 10" by plain text comparison. */
export const SQLITE_NATURAL_KEY = "natural_key";

export function naturalKey(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase().replace(/\d+/g, (d) => d.padStart(10, "0")) : value;
}
