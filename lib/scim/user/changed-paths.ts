// Which attributes a write changed, as SCIM attribute paths without values ("name.familyName", "title",
// "emails", "department"), for the provisioning log and the member timeline. Pure.
import { isDeepStrictEqual } from "node:util";

type Doc = Record<string, unknown>;

const IGNORED = new Set(["schemas", "meta", "id"]);
const isObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

/** Top-level attributes that differ, one level deeper for complex ones (name.givenName) and for extension
 * schemas (whose sub-attributes are named alone: "department", "manager"). Sorted. */
export function changedPaths(before: Doc, after: Doc): string[] {
  const out = new Set<string>();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (IGNORED.has(key)) continue;
    const a = before[key];
    const b = after[key];
    if (isDeepStrictEqual(a ?? null, b ?? null)) continue;
    if (isObject(a) || isObject(b)) {
      const x = isObject(a) ? a : {};
      const y = isObject(b) ? b : {};
      const urn = key.toLowerCase().startsWith("urn:");
      for (const sub of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!isDeepStrictEqual(x[sub] ?? null, y[sub] ?? null)) out.add(urn ? sub : `${key}.${sub}`);
      }
    } else {
      out.add(key);
    }
  }
  return [...out].sort();
}

/** At most this many paths are kept (the log stores the list, never values). */
const MAX_PATHS = 40;

export interface UserChanges {
  paths: string[];
  /** the new value of `active`, when it changed */
  active?: boolean;
}

/** The provisioning log's `changes` column, or null when nothing changed. */
export function userChanges(before: Doc, after: Doc): UserChanges | null {
  const paths = changedPaths(before, after).slice(0, MAX_PATHS);
  if (!paths.length) return null;
  return paths.includes("active") ? { paths, active: after.active === true } : { paths };
}
