// `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a response carries.
// Attribute names compare case-insensitively. `id`, `schemas` and `meta.resourceType` are always
// returned: Entra's validator checks for them in every resource, even with `attributes=` set.
import type { AttrPath } from "./filter/ast";
import { SCHEMAS_BY_TYPE, type ResourceTypeName } from "./schema";
import { findKey, isObject, sameName, splitUrnKey, type JsonObject } from "./coerce";

/** One entry of an attribute list: `userName`, `name.givenName`,
 * `urn:…:enterprise:2.0:User:manager.value` (→ uri + attr + sub). A whole extension
 * (`urn:…:enterprise:2.0:User`) is `{ attr: <URN> }`, since the URN is the resource's top-level key. */
export type AttrRef = AttrPath;

export interface ProjectionOptions {
  /** parsed refs, or the raw query parameter */
  attributes?: AttrRef[] | string | null;
  excludedAttributes?: AttrRef[] | string | null;
  type: ResourceTypeName;
}

const ALWAYS = ["id", "schemas"];
const KNOWN_URIS = Object.values(SCHEMAS_BY_TYPE).flatMap((s) => [s.core.id, ...s.extensions.map((e) => e.id)]);
const CORE_URIS = Object.values(SCHEMAS_BY_TYPE).map((s) => s.core.id);

// ---------------------------------------------------------------------------------------------------
// Parsing

/** Parses a comma-separated attribute list. Postman sends filtered forms such as
 * `emails[type eq "work"]`; those select the whole attribute (`emails`). */
export function parseAttributeList(param: string | null | undefined): AttrRef[] {
  if (!param) return [];
  return splitList(param)
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map(parseAttrRef);
}

/** Parses one attribute reference; see AttrRef. */
export function parseAttrRef(text: string): AttrRef {
  const bracket = text.indexOf("[");
  const base = (bracket >= 0 ? text.slice(0, bracket) : text).trim();
  const urn = splitUrnKey(base, KNOWN_URIS);
  if (!urn) return splitSub(base);
  if (urn.attr === undefined) return { attr: urn.uri };
  const { attr, sub } = splitSub(urn.attr);
  // Core attributes may be written fully qualified; they live at the top level like unqualified ones.
  if (CORE_URIS.includes(urn.uri)) return sub === undefined ? { attr } : { attr, sub };
  return sub === undefined ? { uri: urn.uri, attr } : { uri: urn.uri, attr, sub };
}

function splitSub(path: string): AttrRef {
  const dot = path.indexOf(".");
  if (dot < 0) return { attr: path };
  return { attr: path.slice(0, dot), sub: path.slice(dot + 1) };
}

/** Splits on commas outside `[...]` and quoted strings (a filter value may contain a comma). */
function splitList(param: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < param.length; i++) {
    const c = param[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "[") depth++;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      items.push(param.slice(start, i));
      start = i + 1;
    }
  }
  items.push(param.slice(start));
  return items;
}

function toRefs(list: AttrRef[] | string | null | undefined, type?: ResourceTypeName): AttrRef[] {
  const refs = typeof list === "string" || list == null ? parseAttributeList(list) : list;
  const core = type ? SCHEMAS_BY_TYPE[type].core.id : undefined;
  // A ref qualified with the core URN addresses a top-level attribute.
  return refs.map((r) => (r.uri && core && sameName(r.uri, core) ? { attr: r.attr, sub: r.sub } : r));
}

// ---------------------------------------------------------------------------------------------------
// Projection

/** Applies `attributes` (if any) or else `excludedAttributes` to a rendered resource. The input is not
 * modified. */
export function project(resource: Record<string, unknown>, opts: ProjectionOptions): Record<string, unknown> {
  const include = toRefs(opts.attributes, opts.type);
  if (include.length) return withAlwaysReturned(resource, pickTop(resource, include));
  const exclude = toRefs(opts.excludedAttributes, opts.type);
  if (exclude.length) return withAlwaysReturned(resource, omitTop(resource, exclude));
  return resource;
}

/** Whether the top-level attribute `top` (e.g. "members", "groups") will survive projection, so the
 * service can skip loading it. */
export function wantsAttribute(
  top: string,
  opts: Omit<ProjectionOptions, "type"> & { type?: ResourceTypeName },
): boolean {
  if (ALWAYS.some((a) => sameName(a, top))) return true;
  const include = toRefs(opts.attributes, opts.type);
  if (include.length) return include.some((r) => sameName(r.uri ?? r.attr, top));
  const exclude = toRefs(opts.excludedAttributes, opts.type);
  return !exclude.some((r) => !r.uri && r.sub === undefined && sameName(r.attr, top));
}

function withAlwaysReturned(resource: JsonObject, projected: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of ALWAYS) if (resource[key] !== undefined) out[key] = resource[key];
  for (const [k, v] of Object.entries(projected)) if (!ALWAYS.includes(k)) out[k] = v;
  const meta = resource.meta;
  if (isObject(meta) && meta.resourceType !== undefined) {
    out.meta = { resourceType: meta.resourceType, ...(isObject(out.meta) ? out.meta : {}) };
  }
  return out;
}

/** Keeps only the referenced attributes. Top-level keys match unqualified refs (an extension's URN key
 * matches a whole-extension ref); inside an extension object, refs qualified with its URN apply. */
function pickTop(resource: JsonObject, refs: AttrRef[]): JsonObject {
  const unqualified = refs.filter((r) => !r.uri);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    let kept = pickAttribute(key, value, unqualified);
    const scoped = refs.filter((r) => r.uri && sameName(r.uri, key));
    if (kept === undefined && scoped.length && isObject(value)) kept = nonEmpty(pickAttributes(value, scoped));
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function pickAttributes(obj: JsonObject, refs: AttrRef[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    const kept = pickAttribute(key, value, refs);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/** The part of one attribute the refs ask for: all of it, some sub-attributes, or nothing (undefined). */
function pickAttribute(key: string, value: unknown, refs: AttrRef[]): unknown {
  const matching = refs.filter((r) => sameName(r.attr, key));
  if (!matching.length) return undefined;
  if (matching.some((r) => r.sub === undefined)) return value;
  const subs = matching.map((r) => r.sub!);
  if (!Array.isArray(value)) return pickSubs(value, subs);
  // Multi-valued: the sub-attributes of every element (`emails.value` → [{value}, {value}]).
  const items = value.map((item) => pickSubs(item, subs)).filter((v) => v !== undefined);
  return items.length ? items : undefined;
}

function pickSubs(item: unknown, subs: string[]): JsonObject | undefined {
  if (!isObject(item)) return undefined;
  return nonEmpty(Object.fromEntries(Object.entries(item).filter(([k]) => subs.some((s) => sameName(s, k)))));
}

/** Removes the referenced attributes or sub-attributes; `id` and `schemas` can't be excluded. */
function omitTop(resource: JsonObject, refs: AttrRef[]): JsonObject {
  let out: JsonObject = { ...resource };
  for (const ref of refs) {
    if (!ref.uri) {
      if (!ALWAYS.some((a) => sameName(a, ref.attr))) out = omitAttribute(out, ref);
      continue;
    }
    const key = findKey(out, ref.uri);
    const ext = key === undefined ? undefined : out[key];
    if (key === undefined || !isObject(ext)) continue;
    const rest = omitAttribute(ext, ref);
    if (Object.keys(rest).length) out[key] = rest;
    else delete out[key];
  }
  return out;
}

function omitAttribute(obj: JsonObject, ref: AttrRef): JsonObject {
  const key = findKey(obj, ref.attr);
  if (key === undefined) return obj;
  const out = { ...obj };
  if (ref.sub === undefined) {
    delete out[key];
    return out;
  }
  const dropSub = (item: unknown) => {
    if (!isObject(item)) return item;
    const subKey = findKey(item, ref.sub!);
    if (subKey === undefined) return item;
    const rest = { ...item };
    delete rest[subKey];
    return rest;
  };
  out[key] = Array.isArray(out[key]) ? (out[key] as unknown[]).map(dropSub) : dropSub(out[key]);
  return out;
}

function nonEmpty(obj: JsonObject | undefined): JsonObject | undefined {
  return obj && Object.keys(obj).length ? obj : undefined;
}
