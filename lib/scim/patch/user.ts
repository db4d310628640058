// Applies PATCH operations to a User held as plain SCIM JSON (canonical attribute names, the enterprise
// extension and unknown extensions as URN-keyed objects). Pure: the input is cloned first and never
// touched, so when an operation throws the caller still has the original (PATCH is atomic).
import { badRequest } from "../errors";
import type { PatchPath } from "../filter/ast";
import { parsePatchPath } from "../path";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, findAttribute, type AttributeDef } from "../schema";
import { applyMultiValued } from "./multi-valued";
import { isServerOwned, refuseServerOwnedPath } from "./read-only";
import type { PatchOpName, PatchOperation } from "./types";
import {
  coerceSimple,
  drop,
  findKey,
  findSubAttribute,
  isBlank,
  isPlainObject,
  put,
  sameText,
  type JsonObject,
} from "./values";

/** Never stored: Entra may send a password; skipped quietly. (`id` and `meta`: see read-only.ts.) */
const IGNORED = new Set(["password"]);

export function applyUserPatch(resource: Record<string, unknown>, ops: PatchOperation[]): Record<string, unknown> {
  const user = structuredClone(resource);
  for (const { op, path, value } of ops) {
    if (path) applyAtPath(user, op, path, value);
    else applyPathless(user, op, value);
  }
  return user;
}

/** `{"op":"replace","value":{"displayName":…,"name.givenName":…,"urn:…:User:employeeNumber":…}}`:
 * every key is a path of its own (Entra with aadOptscim062020 merges several replaces this way). */
function applyPathless(user: JsonObject, op: PatchOpName, value: unknown) {
  if (!isPlainObject(value)) throw badRequest("invalidValue", `${op} without a path needs an object value`);
  for (const [key, v] of Object.entries(value)) {
    if (isSchemaUrn(key)) applyToSchema(user, op, key, v);
    else {
      const path = parsePatchPath(key);
      if (!isServerOwned(path.attr)) applyAtPath(user, op, path, v);
    }
  }
}

/** Where a path points once its names are matched against the schema. */
type Target =
  | { kind: "ignore" }
  | { kind: "schema"; urn: string }
  /** `container` is the extension URN the attribute lives under; undefined for core attributes.
   * `def` is undefined for attributes of extensions we have no schema for (stored as sent). */
  | { kind: "attr"; container?: string; name: string; def?: AttributeDef; path: PatchPath };

function resolve(path: PatchPath): Target {
  const { uri } = path;
  if (uri && !path.filter && path.sub === undefined && isSchemaUrn(`${uri}:${path.attr}`)) {
    return { kind: "schema", urn: `${uri}:${path.attr}` };
  }
  if (uri && !sameText(uri, USER_SCHEMA) && !sameText(uri, ENTERPRISE_USER_SCHEMA)) {
    return { kind: "attr", container: uri, name: path.attr, path };
  }
  // Without a URN, enterprise names (`manager`, `department`) are still unambiguous: accept them.
  const found =
    findAttribute("User", { uri, attr: path.attr }) ??
    (uri ? undefined : findAttribute("User", { uri: ENTERPRISE_USER_SCHEMA, attr: path.attr }));
  if (!found) return { kind: "ignore" }; // unknown core attribute: ignored, not a 400
  const container = found.schema === ENTERPRISE_USER_SCHEMA ? ENTERPRISE_USER_SCHEMA : undefined;
  return { kind: "attr", container, name: found.def.name, def: found.def, path };
}

/** `urn:…:core:2.0:User`, `urn:…:enterprise:2.0:User` or an unknown extension such as
 * `urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User` (a whole schema, not an attribute). */
function isSchemaUrn(text: string): boolean {
  return sameText(text, USER_SCHEMA) || sameText(text, ENTERPRISE_USER_SCHEMA) || /^urn:.*:user$/i.test(text);
}

function applyAtPath(user: JsonObject, op: PatchOpName, path: PatchPath, value: unknown) {
  const target = resolve(path);
  if (target.kind === "schema") applyToSchema(user, op, target.urn, value);
  else if (target.kind === "attr") applyToAttribute(user, op, target, value);
}

/** A whole schema as path or path-less key: its value is an object of that schema's attributes. */
function applyToSchema(user: JsonObject, op: PatchOpName, urn: string, value: unknown) {
  const isCore = sameText(urn, USER_SCHEMA);
  if (op === "remove" || isBlank(value)) {
    if (isCore) throw badRequest("invalidPath", "the core User schema cannot be removed");
    drop(user, urn);
    return;
  }
  if (!isPlainObject(value)) throw badRequest("invalidValue", `${urn} needs an object value`);
  for (const [key, v] of Object.entries(value)) applyAtPath(user, op, parsePatchPath(`${urn}:${key}`), v);
}

type AttributeTarget = Extract<Target, { kind: "attr" }>;

function applyToAttribute(user: JsonObject, op: PatchOpName, target: AttributeTarget, value: unknown) {
  const { def, path } = target;
  if (def && IGNORED.has(def.name)) return;
  if (def && !target.container) refuseServerOwnedPath(path);
  if (def?.name === "groups") throw badRequest("mutability", "group membership is changed through /Groups");

  const container = extensionObject(user, target.container);
  const label = path.sub === undefined ? target.name : `${target.name}.${path.sub}`;
  if (!def) applyUnknown(container, target.name, path, op, value);
  else if (path.filter && !def.multiValued) throw badRequest("invalidPath", `${def.name} is not multi-valued`);
  else if (def.multiValued) applyMultiValued(container, def, op, path, value, label);
  else if (def.name === "manager") applyManager(container, op, path.sub, value);
  else if (def.type === "complex") applyComplex(container, def, op, path.sub, value, label);
  else if (path.sub === undefined) setSimple(container, def, op, value, label);
  // else `title.foo`: a sub-attribute of a simple attribute does not exist; ignore it

  if (target.container && Object.keys(container).length === 0) drop(user, target.container);
}

/** The object an attribute lives in: the user itself, or its extension object (created on demand and
 * dropped again by the caller when it ends up empty). */
function extensionObject(user: JsonObject, urn: string | undefined): JsonObject {
  if (!urn) return user;
  const key = findKey(user, urn) ?? urn;
  const existing = user[key];
  if (isPlainObject(existing)) return existing;
  const created: JsonObject = {};
  user[key] = created;
  return created;
}

/** Remove, or replace with null/"" (Microsoft's SCIM_Null_Update), clears; anything else is set. */
function setSimple(obj: JsonObject, def: AttributeDef, op: PatchOpName, value: unknown, label: string) {
  if (op === "remove" || isBlank(value)) {
    if (def.required && op === "remove") throw badRequest("mutability", `${label} is required and cannot be removed`);
    if (def.required) throw badRequest("invalidValue", `${label} cannot be empty`);
    drop(obj, def.name);
    return;
  }
  put(obj, def.name, coerceSimple(def, value, label));
}

/** `name`, `name.givenName`. RFC 7644 §3.5.2.3: a value without sub-path sets only the sub-attributes
 * it names, so `{"name":{"givenName":"x"}}` keeps the familyName. */
function applyComplex(
  container: JsonObject,
  def: AttributeDef,
  op: PatchOpName,
  sub: string | undefined,
  value: unknown,
  label: string,
) {
  const current = container[def.name];
  const next: JsonObject = isPlainObject(current) ? current : {};
  if (sub !== undefined) {
    const subDef = findSubAttribute(def, sub);
    if (!subDef || subDef.mutability === "readOnly") return;
    setSimple(next, subDef, op, value, `${def.name}.${subDef.name}`);
  } else if (op === "remove" || isBlank(value)) {
    drop(container, def.name);
    return;
  } else {
    if (!isPlainObject(value)) throw badRequest("invalidValue", `${label} needs an object value`);
    for (const [key, v] of Object.entries(value)) {
      const subDef = findSubAttribute(def, key);
      if (subDef && subDef.mutability !== "readOnly") setSimple(next, subDef, op, v, `${def.name}.${subDef.name}`);
    }
  }
  if (Object.keys(next).length > 0) put(container, def.name, next);
  else drop(container, def.name);
}

/** Enterprise `manager`: Entra sends a bare id, `{value}`, `{value,$ref}` or `[{value,$ref}]`; we store
 * `{value[, $ref]}` under the extension, where Entra reads it back (anywhere else → re-PATCH loops). */
function applyManager(container: JsonObject, op: PatchOpName, sub: string | undefined, value: unknown) {
  const subName = sub === undefined ? undefined : findSubAttribute(managerDef(), sub)?.name;
  if (sub !== undefined && subName !== "value" && subName !== "$ref") return; // displayName is read-only
  if (subName === "$ref") {
    const current = container.manager;
    if (!isPlainObject(current)) return; // a $ref without a manager id means nothing
    if (op === "remove" || isBlank(value)) delete current.$ref;
    else current.$ref = coerceSimple(findSubAttribute(managerDef(), "$ref")!, value, "manager.$ref");
    return;
  }
  const manager = op === "remove" ? undefined : managerFrom(value);
  if (manager) put(container, "manager", manager);
  else drop(container, "manager");
}

function managerDef(): AttributeDef {
  return findAttribute("User", { uri: ENTERPRISE_USER_SCHEMA, attr: "manager" })!.def;
}

/** Normalise any manager shape; undefined means "no manager" (`""`, null, `{value:""}`, `[]`). */
function managerFrom(value: unknown): JsonObject | undefined {
  if (Array.isArray(value)) return value.length === 0 ? undefined : managerFrom(value[0]);
  if (isBlank(value)) return undefined;
  if (typeof value === "string" || typeof value === "number") return { value: String(value) };
  if (!isPlainObject(value)) throw badRequest("invalidValue", 'manager must be an id or {"value": id}');
  const idKey = findKey(value, "value");
  const id = idKey === undefined ? undefined : value[idKey];
  if (isBlank(id)) return undefined;
  if (typeof id !== "string" && typeof id !== "number") {
    throw badRequest("invalidValue", "manager.value must be a string");
  }
  const manager: JsonObject = { value: String(id) };
  const refKey = findKey(value, "$ref");
  const ref = refKey === undefined ? undefined : value[refKey];
  if (typeof ref === "string" && ref !== "") manager.$ref = ref;
  return manager;
}

/** Attributes of extensions we have no schema for are stored as sent, matched case-insensitively. */
function applyUnknown(container: JsonObject, name: string, path: PatchPath, op: PatchOpName, value: unknown) {
  if (path.filter) return; // without a schema there is nothing to match the filter against
  const key = findKey(container, name) ?? name;
  const clear = op === "remove" || isBlank(value);
  if (path.sub === undefined) {
    if (clear) drop(container, key);
    else put(container, key, structuredClone(value));
    return;
  }
  const current = container[key];
  const inner: JsonObject = isPlainObject(current) ? current : {};
  const subKey = findKey(inner, path.sub) ?? path.sub;
  if (clear) drop(inner, subKey);
  else put(inner, subKey, structuredClone(value));
  if (Object.keys(inner).length > 0) put(container, key, inner);
  else drop(container, key);
}
