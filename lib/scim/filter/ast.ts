// The filter AST shared by the parser (lib/scim/filter/parse.ts), the in-memory evaluator used by PATCH
// value paths, and the SQL compiler in the service layer.

/** An attribute reference such as `name.givenName` or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
 * `attr`/`sub` keep the spelling the client used; compare them case-insensitively. */
export interface AttrPath {
  /** schema URN prefix when the client wrote one, e.g. the enterprise extension URN */
  uri?: string;
  attr: string;
  sub?: string;
}

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { op: "and" | "or"; left: Filter; right: Filter }
  | { op: "not"; filter: Filter }
  | { op: CompareOp; path: AttrPath; value: FilterValue }
  | { op: "pr"; path: AttrPath }
  /** `emails[type eq "work"]` — `filter` applies to one element of the multi-valued `path.attr`.
   * `emails[type eq "work"].value eq "x"` is parsed as a valuePath whose filter is
   * `type eq "work" and value eq "x"`, so both conditions hold for the same element. */
  | { op: "valuePath"; path: AttrPath; filter: Filter };

/** A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:…:attr`, `attr[filter]`, `attr[filter].sub`. */
export interface PatchPath {
  uri?: string;
  attr: string;
  filter?: Filter;
  sub?: string;
}
