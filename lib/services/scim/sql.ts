// Compiles a parsed SCIM filter (lib/scim/filter/ast.ts) into a parameterised SQL WHERE clause for
// SQLite or PostgreSQL, so filters run as database queries instead of loading every row.
//
// Written by hand rather than through Prisma's `where` because SCIM needs what Prisma cannot express
// portably: case-insensitive comparison on SQLite, and conditions on elements of JSON arrays
// (`emails[type eq "work" and value eq "x"]`). Every comparison is null-safe (`col IS NOT NULL AND …`)
// so that `not (…)` behaves as SCIM expects. Where and why SCIM uses driver-level SQL rather than Prisma (which
// still owns the schema and the migrations): README.md in this folder.
import type { AttrPath, CompareOp, Filter, FilterValue } from "@/lib/scim/filter/ast";
import { badRequest } from "@/lib/scim/errors";
import { MAX_FILTER_JSON_SCANS, formatPath } from "@/lib/scim/filter/parse";
import {
  ENTERPRISE_USER_SCHEMA,
  USER_SCHEMA,
  GROUP_SCHEMA,
  findAttribute,
  type ResourceTypeName,
} from "@/lib/scim/schema";
import type { Provider } from "@/lib/db/url";
import { SQLITE_UNICODE_LOWER } from "@/lib/db/sql-functions";
import { foldCase } from "@/lib/scim/fold";

type ValueType = "string" | "boolean" | "dateTime" | "number";

/** Where an attribute lives: a real column, a scalar inside the `attributes` JSON, a JSON array of
 * complex values, or a membership in the GroupMember join table. */
type Target =
  | { kind: "column"; column: string; type: ValueType; caseExact: boolean; lowerColumn?: string }
  | { kind: "json"; path: string[]; type: ValueType; caseExact: boolean }
  | { kind: "jsonArray"; path: string[]; sub?: string; subType: ValueType; caseExact: boolean }
  | { kind: "membership"; table: "Group" | "Member" };

const MARK = "\u0001";
// eslint-disable-next-line no-control-regex -- the marker is a control character on purpose: it never occurs in SQL text
const MARKER_RE = /\u0001(\d+)\u0001/g;

/** Builds parameterised SQL for either database. `param()` returns an opaque marker; `finalize()`
 * numbers the markers in the order they appear in the final text (`?` on SQLite binds by position,
 * `$n` on PostgreSQL), so the order in which fragments are built never has to match the SQL order. */
export class SqlBuilder {
  private readonly values: unknown[] = [];
  constructor(readonly provider: Provider) {}

  param(value: unknown): string {
    this.values.push(value);
    return `${MARK}${this.values.length - 1}${MARK}`;
  }

  finalize(sql: string, extra: unknown[] = []): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const text = sql.replace(MARKER_RE, (_m, i: string) => {
      params.push(this.values[Number(i)]);
      return this.provider === "postgres" ? `$${params.length}` : "?";
    });
    return { sql: text, params: [...params, ...extra] };
  }

  bool(b: boolean): string {
    return this.provider === "postgres" ? (b ? "true" : "false") : b ? "1" : "0";
  }

  /** Lower-cases a string expression the way JavaScript does (filter values are lower-cased in JS).
   * SQLite's LOWER() folds ASCII only, so SQLite uses the function lib/db/client.ts registers. */
  lower(expr: string): string {
    return this.provider === "postgres" ? `LOWER(${expr})` : `${SQLITE_UNICODE_LOWER}(${expr})`;
  }

  /** JSON text value at `path` inside a JSON text expression. */
  jsonText(expr: string, path: string[]): string {
    if (this.provider === "postgres") {
      const parts = path.map((p) => `'${p.replace(/'/g, "''")}'`);
      const last = parts.pop()!;
      return `((${expr})::jsonb${parts.map((p) => `->${p}`).join("")}->>${last})`;
    }
    return `json_extract(${expr}, '$${path.map((p) => `."${p.replace(/"/g, "")}"`).join("")}')`;
  }

  /** A FROM-able set of the elements of the JSON array at `path`, aliased `alias`, whose element JSON
   * is reachable through `elem(alias)`. */
  jsonElements(expr: string, path: string[], alias: string): string {
    if (this.provider === "postgres") {
      const parts = path.map((p) => `->'${p.replace(/'/g, "''")}'`).join("");
      const arr = `(${expr})::jsonb${parts}`;
      return `jsonb_array_elements(CASE WHEN jsonb_typeof(${arr}) = 'array' THEN ${arr} ELSE '[]'::jsonb END) AS ${alias}(value)`;
    }
    return `json_each(${expr}, '$${path.map((p) => `."${p.replace(/"/g, "")}"`).join("")}') AS ${alias}`;
  }

  elemText(alias: string, sub?: string): string {
    if (this.provider === "postgres")
      return sub ? `(${alias}.value->>'${sub.replace(/'/g, "''")}')` : `(${alias}.value#>>'{}')`;
    return sub ? `json_extract(${alias}.value, '$."${sub.replace(/"/g, "")}"')` : `${alias}.value`;
  }

  /** The SQL text a stored dateTime is compared as (SQLite keeps ISO text with +00:00). */
  dateParam(value: FilterValue): string {
    const ms = typeof value === "string" ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw badRequest("invalidFilter", `"${String(value)}" is not a valid dateTime`);
    const iso = new Date(ms).toISOString();
    return this.provider === "postgres"
      ? `${this.param(iso.replace("T", " ").replace("Z", ""))}::timestamp`
      : this.param(iso.replace("Z", "+00:00"));
  }
}

const lower = (s: string) => s.toLowerCase();

// ---- attribute resolution ----------------------------------------------------------------------

function resolveUser(path: AttrPath): Target {
  const uri = path.uri && lower(path.uri);
  const attr = lower(path.attr);
  const sub = path.sub && lower(path.sub);
  const isCore = !uri || uri === lower(USER_SCHEMA);
  const isEnterprise = uri === lower(ENTERPRISE_USER_SCHEMA);
  if (isCore) {
    switch (attr + (sub ? "." + sub : "")) {
      case "id":
        return { kind: "column", column: "id", type: "string", caseExact: true };
      case "username":
        return { kind: "column", column: "userName", lowerColumn: "userNameLower", type: "string", caseExact: false };
      case "externalid":
        return { kind: "column", column: "externalId", type: "string", caseExact: true };
      case "displayname":
        return { kind: "column", column: "displayName", type: "string", caseExact: false };
      case "name.givenname":
        return { kind: "column", column: "givenName", type: "string", caseExact: false };
      case "name.familyname":
        return { kind: "column", column: "familyName", type: "string", caseExact: false };
      case "active":
        return { kind: "column", column: "active", type: "boolean", caseExact: true };
      case "title":
        return { kind: "column", column: "title", type: "string", caseExact: false };
      case "usertype":
        return { kind: "column", column: "userType", type: "string", caseExact: false };
      case "meta.created":
        return { kind: "column", column: "createdAt", type: "dateTime", caseExact: true };
      case "meta.lastmodified":
        return { kind: "column", column: "updatedAt", type: "dateTime", caseExact: true };
      case "meta.resourcetype":
        return { kind: "json", path: ["__never__"], type: "string", caseExact: true };
      case "groups":
      case "groups.value":
        return { kind: "membership", table: "Group" };
      case "manager":
      case "manager.value":
        return { kind: "column", column: "managerId", type: "string", caseExact: true };
    }
  }
  if (isEnterprise && attr === "manager" && (!sub || sub === "value")) {
    return { kind: "column", column: "managerId", type: "string", caseExact: true };
  }
  if (isCore || isEnterprise) {
    const found = findAttribute("User", path);
    if (!found) throw badRequest("invalidFilter", `Unknown attribute "${formatPath(path)}" in filter`);
    const { def, sub: subDef } = found;
    const prefix = isEnterprise ? [ENTERPRISE_USER_SCHEMA] : [];
    if (def.multiValued) {
      const s = subDef?.name ?? (def.type === "complex" ? "value" : undefined);
      const st = (subDef ?? def.subAttributes?.find((a) => a.name === "value"))?.type;
      return {
        kind: "jsonArray",
        path: [...prefix, def.name],
        sub: s,
        subType: valueType(st),
        caseExact: (subDef ?? def).caseExact,
      };
    }
    if (def.type === "complex" && !subDef) {
      throw badRequest("invalidFilter", `"${formatPath(path)}" is complex: filter on one of its sub-attributes`);
    }
    return {
      kind: "json",
      path: [...prefix, def.name, ...(subDef ? [subDef.name] : [])],
      type: valueType((subDef ?? def).type),
      caseExact: (subDef ?? def).caseExact,
    };
  }
  // An extension we have no schema for (custom Entra extension attributes): stored as sent.
  return {
    kind: "json",
    path: [path.uri!, path.attr, ...(path.sub ? [path.sub] : [])],
    type: "string",
    caseExact: false,
  };
}

function resolveGroup(path: AttrPath): Target {
  const uri = path.uri && lower(path.uri);
  if (uri && uri !== lower(GROUP_SCHEMA))
    throw badRequest("invalidFilter", `Unknown attribute "${formatPath(path)}" in filter`);
  switch (lower(path.attr) + (path.sub ? "." + lower(path.sub) : "")) {
    case "id":
      return { kind: "column", column: "id", type: "string", caseExact: true };
    case "displayname":
      return {
        kind: "column",
        column: "displayName",
        lowerColumn: "displayNameLower",
        type: "string",
        caseExact: false,
      };
    case "externalid":
      return { kind: "column", column: "externalId", type: "string", caseExact: true };
    case "meta.created":
      return { kind: "column", column: "createdAt", type: "dateTime", caseExact: true };
    case "meta.lastmodified":
      return { kind: "column", column: "updatedAt", type: "dateTime", caseExact: true };
    case "members":
    case "members.value":
      return { kind: "membership", table: "Member" };
  }
  throw badRequest(
    "invalidFilter",
    `Filtering groups on "${formatPath(path)}" is not supported (use id, displayName, externalId, members.value or meta.*)`,
  );
}

function valueType(t: string | undefined): ValueType {
  if (t === "boolean") return "boolean";
  if (t === "dateTime") return "dateTime";
  if (t === "integer" || t === "decimal") return "number";
  return "string";
}

// ---- compilation -------------------------------------------------------------------------------

export interface CompileContext {
  type: ResourceTypeName;
  /** the SQL name of the row being filtered, e.g. `"Member"` */
  table: string;
  b: SqlBuilder;
}

let aliasCounter = 0;

/** Compiles a filter after checking what it would cost (see jsonScans). */
export function compileFilter(filter: Filter, ctx: CompileContext): string {
  const scans = jsonScans(filter, ctx);
  if (scans > MAX_FILTER_JSON_SCANS) {
    throw badRequest(
      "invalidFilter",
      `The filter has ${scans} terms on multi-valued or extension attributes (such as emails); the limit is ${MAX_FILTER_JSON_SCANS}, because each one reads every member's stored attributes`,
    );
  }
  return compileNode(filter, ctx);
}

/** The folded userName when the filter is exactly `userName eq "<string>"` (Entra's and Okta's lookup
 * before a create), which matches at most one member: the column the filter above compares. */
export function userNameEquals(filter: Filter | undefined): string | undefined {
  if (filter?.op !== "eq" || typeof filter.value !== "string") return undefined;
  let t: Target;
  try {
    t = resolveUser(filter.path);
  } catch {
    return undefined; // not an attribute of users: the list query answers with its error
  }
  return t.kind === "column" && t.lowerColumn === "userNameLower" ? foldCase(filter.value) : undefined;
}

/** How many times the compiled filter reads every candidate row's stored JSON: once per term on a JSON
 * target and once per value path, except Entra's work-email lookup, which the indexed column narrows
 * to one row first. Column and membership terms use indexes or plain columns and cost nothing here. */
export function jsonScans(filter: Filter, ctx: CompileContext): number {
  switch (filter.op) {
    case "and":
    case "or":
      return jsonScans(filter.left, ctx) + jsonScans(filter.right, ctx);
    case "not":
      return jsonScans(filter.filter, ctx);
    case "valuePath": {
      const outer = resolve(ctx, filter.path);
      if (outer.kind !== "jsonArray") return 0;
      const workEmail =
        ctx.type === "User" &&
        lower(filter.path.attr) === "emails" &&
        !filter.path.uri &&
        workEmailEquals(filter.filter) !== undefined;
      return workEmail ? 0 : 1;
    }
    default: {
      const t = resolve(ctx, filter.path);
      return t.kind === "json" || t.kind === "jsonArray" ? 1 : 0;
    }
  }
}

function compileNode(filter: Filter, ctx: CompileContext): string {
  switch (filter.op) {
    case "and":
    case "or":
      return `(${compileNode(filter.left, ctx)} ${filter.op.toUpperCase()} ${compileNode(filter.right, ctx)})`;
    case "not":
      return `(NOT ${compileNode(filter.filter, ctx)})`;
    case "valuePath":
      return compileValuePath(filter.path, filter.filter, ctx);
    case "pr":
      return compilePresent(resolve(ctx, filter.path), ctx);
    default:
      return compileCompare(resolve(ctx, filter.path), filter.op, filter.value, ctx, filter.path);
  }
}

function resolve(ctx: CompileContext, path: AttrPath): Target {
  return ctx.type === "User" ? resolveUser(path) : resolveGroup(path);
}

function col(ctx: CompileContext, column: string) {
  return `${ctx.table}."${column}"`;
}

function compilePresent(t: Target, ctx: CompileContext): string {
  const { b } = ctx;
  switch (t.kind) {
    case "column":
      return t.type === "string"
        ? `(${col(ctx, t.column)} IS NOT NULL AND ${col(ctx, t.column)} <> '')`
        : `(${col(ctx, t.column)} IS NOT NULL)`;
    case "json": {
      const e = b.jsonText(col(ctx, "attributes"), t.path);
      return `(${e} IS NOT NULL AND ${e} <> '')`;
    }
    case "jsonArray": {
      const a = `e${++aliasCounter}`;
      const el = b.elemText(a, t.sub);
      return `EXISTS (SELECT 1 FROM ${b.jsonElements(col(ctx, "attributes"), t.path, a)} WHERE ${el} IS NOT NULL AND ${el} <> '')`;
    }
    case "membership":
      return membershipExists(ctx, t, null);
  }
}

function membershipExists(ctx: CompileContext, t: { table: "Group" | "Member" }, idParam: string | null): string {
  // Filtering users by group or groups by member: both sides are scoped by the outer workspace filter.
  const [self, other] = t.table === "Group" ? ["memberId", "groupId"] : ["groupId", "memberId"];
  return `EXISTS (SELECT 1 FROM "GroupMember" gm WHERE gm."${self}" = ${ctx.table}."id"${idParam ? ` AND gm."${other}" = ${idParam}` : ""})`;
}

/** A scalar SQL comparison of `expr` (never NULL-matching) against a filter value. */
function compareExpr(
  expr: string,
  type: ValueType,
  caseExact: boolean,
  op: CompareOp,
  value: FilterValue,
  ctx: CompileContext,
  path: AttrPath,
  lowerExpr?: string,
): string {
  const { b } = ctx;
  const name = formatPath(path);
  if (value === null) {
    if (op === "eq") return `(${expr} IS NULL)`;
    if (op === "ne") return `(${expr} IS NOT NULL)`;
    throw badRequest("invalidFilter", `"${op} null" is not meaningful for "${name}"`);
  }
  if (op === "ne") {
    return `(${expr} IS NULL OR NOT ${compareExpr(expr, type, caseExact, "eq", value, ctx, path, lowerExpr)})`;
  }
  if (type === "boolean") {
    const v =
      typeof value === "boolean"
        ? value
        : typeof value === "string" && /^(true|false)$/i.test(value)
          ? lower(value) === "true"
          : undefined;
    if (v === undefined || op !== "eq")
      throw badRequest("invalidFilter", `"${name}" is boolean: use eq true or eq false`);
    if (ctx.b.provider === "postgres" && expr.includes("->>")) return `(${expr} = '${v}')`;
    return `(${expr} IS NOT NULL AND ${expr} = ${b.bool(v)})`;
  }
  if (type === "dateTime") {
    const sqlOp = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" }[op as "eq"];
    if (!sqlOp) throw badRequest("invalidFilter", `"${op}" is not supported on dateTime "${name}"`);
    return `(${expr} IS NOT NULL AND ${expr} ${sqlOp} ${b.dateParam(value)})`;
  }
  const s = String(value);
  const target = caseExact ? expr : (lowerExpr ?? b.lower(expr));
  // key columns hold foldCase(value); SQL lower() of other expressions folds case only
  const v = caseExact ? s : lowerExpr ? foldCase(s) : s.toLowerCase();
  const like = (pattern: string) => {
    // LIKE is case-insensitive for ASCII on SQLite, so exact contains/starts/ends use instr/substr there.
    if (caseExact && b.provider === "sqlite") {
      if (op === "co") return `instr(${expr}, ${b.param(s)}) > 0`;
      if (op === "sw") return `substr(${expr}, 1, length(${b.param(s)})) = ${b.param(s)}`;
      return `substr(${expr}, -length(${b.param(s)})) = ${b.param(s)}`;
    }
    return `${target} LIKE ${b.param(pattern)} ESCAPE '\\'`;
  };
  const esc = v.replace(/[\\%_]/g, (c) => "\\" + c);
  let cond: string;
  switch (op) {
    case "eq":
      cond = `${target} = ${b.param(v)}`;
      break;
    case "co":
      cond = like(`%${esc}%`);
      break;
    case "sw":
      cond = like(`${esc}%`);
      break;
    case "ew":
      cond = like(`%${esc}`);
      break;
    case "gt":
      cond = `${target} > ${b.param(v)}`;
      break;
    case "ge":
      cond = `${target} >= ${b.param(v)}`;
      break;
    case "lt":
      cond = `${target} < ${b.param(v)}`;
      break;
    case "le":
      cond = `${target} <= ${b.param(v)}`;
      break;
  }
  return `(${expr} IS NOT NULL AND ${cond})`;
}

function compileCompare(t: Target, op: CompareOp, value: FilterValue, ctx: CompileContext, path: AttrPath): string {
  const { b } = ctx;
  switch (t.kind) {
    case "column": {
      const lowerExpr = t.lowerColumn ? col(ctx, t.lowerColumn) : undefined;
      return compareExpr(col(ctx, t.column), t.type, t.caseExact, op, value, ctx, path, lowerExpr);
    }
    case "json":
      return compareExpr(b.jsonText(col(ctx, "attributes"), t.path), t.type, t.caseExact, op, value, ctx, path);
    case "jsonArray": {
      if (op === "ne") {
        // `emails.value ne "x"`: no element equals x.
        return `(NOT ${compileCompare(t, "eq", value, ctx, path)})`;
      }
      const a = `e${++aliasCounter}`;
      const cond = compareExpr(b.elemText(a, t.sub), t.subType, t.caseExact, op, value, ctx, path);
      return `EXISTS (SELECT 1 FROM ${b.jsonElements(col(ctx, "attributes"), t.path, a)} WHERE ${cond})`;
    }
    case "membership": {
      if (op !== "eq" || typeof value !== "string") {
        throw badRequest("invalidFilter", `"${formatPath(path)}" supports only eq with an id`);
      }
      return membershipExists(ctx, t, b.param(value));
    }
  }
}

/** `emails[type eq "work" and value eq "x"]`: all conditions on the same array element. */
function compileValuePath(path: AttrPath, inner: Filter, ctx: CompileContext): string {
  const outer = resolve(ctx, path);
  if (outer.kind === "membership") {
    // members[value eq "id"] / groups[value eq "id"]
    const ids = memberIds(inner);
    if (!ids) throw badRequest("invalidFilter", `Only ${path.attr}[value eq "…"] is supported`);
    return `(${ids.map((id) => membershipExists(ctx, outer, ctx.b.param(id))).join(" OR ")})`;
  }
  if (outer.kind !== "jsonArray") throw badRequest("invalidFilter", `"${formatPath(path)}" is not multi-valued`);
  const { b } = ctx;
  // Entra's matching lookup emails[type eq "work"].value eq "x": the indexed work-email column narrows
  // the search before the exact JSON check. (Parameters are positional on SQLite: emit in SQL order.)
  const workEmail =
    ctx.type === "User" && lower(path.attr) === "emails" && !path.uri ? workEmailEquals(inner) : undefined;
  const prefilter = workEmail !== undefined ? `${col(ctx, "emailLower")} = ${b.param(foldCase(workEmail))} AND ` : "";
  const a = `e${++aliasCounter}`;
  const elements = b.jsonElements(col(ctx, "attributes"), outer.path, a);
  return `(${prefilter}EXISTS (SELECT 1 FROM ${elements} WHERE ${compileElement(inner, path, a, ctx)}))`;
}

function compileElement(f: Filter, parent: AttrPath, alias: string, ctx: CompileContext): string {
  switch (f.op) {
    case "and":
    case "or":
      return `(${compileElement(f.left, parent, alias, ctx)} ${f.op.toUpperCase()} ${compileElement(f.right, parent, alias, ctx)})`;
    case "not":
      return `(NOT ${compileElement(f.filter, parent, alias, ctx)})`;
    case "valuePath":
      throw badRequest("invalidFilter", "Nested value paths are not allowed");
    default: {
      const subName = f.path.sub ? `${f.path.attr}.${f.path.sub}` : f.path.attr;
      const found = findAttribute(ctx.type, { uri: parent.uri, attr: parent.attr, sub: f.path.attr });
      if (!found?.sub && ctx.type !== "User")
        throw badRequest("invalidFilter", `Unknown sub-attribute "${subName}" of "${parent.attr}"`);
      const sub = found?.sub;
      const expr = ctx.b.elemText(alias, sub?.name ?? f.path.attr);
      if (f.op === "pr") return `(${expr} IS NOT NULL AND ${expr} <> '')`;
      return compareExpr(expr, valueType(sub?.type), sub?.caseExact ?? false, f.op, f.value, ctx, f.path);
    }
  }
}

function memberIds(f: Filter): string[] | null {
  if (f.op === "or") {
    const l = memberIds(f.left);
    const r = memberIds(f.right);
    return l && r ? [...l, ...r] : null;
  }
  if (f.op === "eq" && lower(f.path.attr) === "value" && !f.path.sub && typeof f.value === "string") return [f.value];
  return null;
}

/** The X of exactly `type eq "work" and value eq "X"` (either order), else undefined. */
function workEmailEquals(f: Filter): string | undefined {
  if (f.op !== "and") return undefined;
  const pair = [f.left, f.right];
  const isType = (x: Filter) =>
    x.op === "eq" && lower(x.path.attr) === "type" && typeof x.value === "string" && lower(x.value) === "work";
  const val = (x: Filter) =>
    x.op === "eq" && lower(x.path.attr) === "value" && typeof x.value === "string" ? x.value : undefined;
  if (isType(pair[0]) && val(pair[1]) !== undefined) return val(pair[1]);
  if (isType(pair[1]) && val(pair[0]) !== undefined) return val(pair[0]);
  return undefined;
}

/** ORDER BY expression for `sortBy` (RFC 7644 §3.4.2.3); unknown attributes sort by creation. */
export function sortExpression(type: ResourceTypeName, path: AttrPath | undefined, ctx: CompileContext): string | null {
  if (!path) return null;
  let t: Target;
  try {
    t = resolve(ctx, path);
  } catch {
    return null;
  }
  if (t.kind === "column")
    return t.lowerColumn
      ? col(ctx, t.lowerColumn)
      : t.type === "string" && !t.caseExact
        ? ctx.b.lower(col(ctx, t.column))
        : col(ctx, t.column);
  if (t.kind === "json") return ctx.b.lower(ctx.b.jsonText(col(ctx, "attributes"), t.path));
  return null;
}
