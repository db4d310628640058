// Small value helpers shared by the user and group PATCH engines.
import { badRequest } from "../errors";
import { foldCase } from "../fold";
import { parseBoolean as coerceBoolean, type JsonObject } from "../coerce";
import type { AttributeDef } from "../schema";

export type { JsonObject } from "../coerce";
export { isObject as isPlainObject, findKey, parseBoolean as coerceBoolean } from "../coerce";

/** null and "" mean "clear this attribute" in Entra's and Microsoft's validator PATCHes. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

export const sameText = (a: unknown, b: unknown) =>
  typeof a === "string" && typeof b === "string" && foldCase(a) === foldCase(b);

export function findSubAttribute(def: AttributeDef, name: string): AttributeDef | undefined {
  return def.subAttributes?.find((s) => sameText(s.name, name));
}

/** Check and normalise a non-blank value for a simple (non-complex) attribute. */
export function coerceSimple(def: AttributeDef, value: unknown, label: string): unknown {
  if (def.type === "boolean") return coerceBoolean(value, label);
  if (def.type === "integer" || def.type === "decimal") {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    throw badRequest("invalidValue", `${label} must be a number`);
  }
  if (typeof value === "string") return value;
  // Our string columns can't hold numbers; keep the digits the client sent. userName stays strict.
  if (typeof value === "number" && Number.isFinite(value) && !def.required) return String(value);
  throw badRequest("invalidValue", `${label} must be a string`);
}

/** Set `name` on `obj`, first dropping any differently-cased spelling so one canonical key remains. */
export function put(obj: JsonObject, name: string, value: unknown): void {
  drop(obj, name);
  obj[name] = value;
}

/** Delete `name` from `obj` in every spelling. */
export function drop(obj: JsonObject, name: string): void {
  for (const key of Object.keys(obj)) if (sameText(key, name)) delete obj[key];
}
