// Small helpers shared by the resource, projection and list modules. Everything here is pure.
import { badRequest } from "./errors";
import { etagOf } from "./etag";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Attribute names and schema URNs are case-insensitive (RFC 7643 §2.1). */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The key of `obj` that matches `name` case-insensitively, if any. */
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  return Object.keys(obj).find((k) => sameName(k, name));
}

export function getIgnoreCase(obj: JsonObject, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** Booleans arrive as JSON booleans or as "True"/"False" strings (any case) from Entra's default job;
 * undefined for anything else. */
export function booleanValue(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const lower = value.trim().toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

/** booleanValue, or a 400 naming the attribute. */
export function parseBoolean(value: unknown, name: string): boolean {
  const b = booleanValue(value);
  if (b === undefined) throw badRequest("invalidValue", `${name} must be a boolean, got ${JSON.stringify(value)}`);
  return b;
}

/** Drops null values, empty arrays and empty objects at any depth: RFC 7643 §2.5 treats them all as
 * "unassigned", and Entra's older requests send `"addresses": null` for unmapped attributes.
 * Returns undefined when nothing is left. */
export function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(withoutNulls).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = withoutNulls(v);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

/** A top-level key that starts with `urn:`: either a schema extension (`…:2.0:User`) or one attribute of
 * it (`…:2.0:User:department`). */
export interface UrnKey {
  uri: string;
  attr?: string;
}

const RESOURCE_NAMES = new Set(["user", "group"]);

/** Splits `urn:…:User:attr` into URN and attribute. Known URNs are matched case-insensitively and returned
 * in their canonical spelling. Unknown extension URNs conventionally end in the resource type name
 * (`urn:ietf:params:scim:schemas:extension:Foo:2.0:User`), so a segment after that is an attribute. */
export function splitUrnKey(key: string, knownUris: readonly string[]): UrnKey | undefined {
  if (!/^urn:/i.test(key)) return undefined;
  const lower = key.toLowerCase();
  for (const uri of knownUris) {
    const u = uri.toLowerCase();
    if (lower === u) return { uri };
    if (lower.startsWith(`${u}:`) && key.length > u.length + 1) return { uri, attr: key.slice(u.length + 1) };
  }
  const parts = key.split(":");
  const last = parts.length - 1;
  if (!RESOURCE_NAMES.has(parts[last].toLowerCase()) && RESOURCE_NAMES.has(parts[last - 1].toLowerCase())) {
    return { uri: parts.slice(0, last).join(":"), attr: parts[last] };
  }
  return { uri: key };
}

/** The stored `attributes` JSON text; anything unreadable counts as empty rather than failing a read. */
export function parseStoredJson(text: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Returns a copy of `obj` without the given keys (compared case-insensitively). */
export function omitKeys(obj: JsonObject, names: readonly string[]): JsonObject {
  // Each name and key lower-cased once (not once per pair): this runs for every user of a 200-user page.
  const drop = names.map((n) => n.toLowerCase());
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!drop.includes(k.toLowerCase())) out[k] = v;
  }
  return out;
}

export interface VersionedRow {
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** `meta` for a stored resource (RFC 7643 §3.1); `version` is a weak ETag of the row's counter. */
export function resourceMeta(resourceType: "User" | "Group", row: VersionedRow, location: string) {
  return {
    resourceType,
    created: row.createdAt.toISOString(),
    lastModified: row.updatedAt.toISOString(),
    location,
    version: etagOf(row.version),
  };
}
