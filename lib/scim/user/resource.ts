// SCIM User resources: turning POST/PUT bodies into the stored document and rendering a stored row back
// as a SCIM resource. Pure: no database access (the columns a document is stored under, and the workspace
// role its userType maps to, are storage decisions: lib/services/scim/columns.ts).
//
// Values are stored exactly as sent (Entra diffs what we return against what it sent, and reformatted
// values cause endless update loops); only attribute-name casing and boolean strings are normalised.
import { assertJsonDepth } from "../json-limits";
import { badRequest } from "../errors";
import { findAttribute, ENTERPRISE_USER_SCHEMA, USER_SCHEMA, enterpriseUserSchema, type AttributeDef } from "../schema";
import {
  findKey,
  getIgnoreCase,
  isObject,
  omitKeys,
  parseBoolean,
  parseStoredJson,
  resourceMeta,
  sameName,
  splitUrnKey,
  withoutNulls,
  type JsonObject,
} from "../coerce";

/** The canonical resource body without id/meta/schemas, as stored in `Member.attributes`. */
export type UserDoc = Record<string, unknown>;

export interface UserRow {
  id: string;
  /** JSON text of the UserDoc */
  attributes: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  managerId: string | null;
}

export interface UserRenderContext {
  baseUrl: string;
  managerDisplayName?: string | null;
  groups?: { id: string; displayName: string }[];
}

/** Core attributes a client may send but we never store: server-assigned, read-only or secret. */
const NOT_STORED = ["id", "meta", "schemas", "password", "groups"];
/** …and `active`, which is rendered from its column. */
const NOT_RENDERED = [...NOT_STORED, "active"];

// ---------------------------------------------------------------------------------------------------
// Input

/** Normalises a POST/PUT body into the stored document. Throws ScimError 400 on unusable input. */
export function normalizeUserInput(body: unknown): UserDoc {
  assertJsonDepth(body);
  if (!isObject(body)) throw badRequest("invalidSyntax", "The request body must be a JSON object");
  const doc: UserDoc = {};
  for (const [key, raw] of Object.entries(body)) {
    const value = withoutNulls(raw);
    if (value !== undefined) setBodyEntry(doc, key, value);
  }
  requireUserName(doc.userName);
  if (doc.active === undefined) doc.active = true;
  return doc;
}

function setBodyEntry(doc: UserDoc, key: string, value: unknown) {
  const urn = splitUrnKey(key, [USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  if (!urn) return setCoreAttribute(doc, key, value);
  if (urn.uri === USER_SCHEMA) {
    // RFC 7644 allows fully qualified core names: `urn:…:core:2.0:User:userName`.
    if (urn.attr) return setCoreAttribute(doc, urn.attr, value);
    if (isObject(value)) for (const [k, v] of Object.entries(value)) setCoreAttribute(doc, k, v);
    return;
  }
  if (urn.uri === ENTERPRISE_USER_SCHEMA) return setEnterprise(doc, urn.attr, value);
  setOtherExtension(doc, urn.uri, urn.attr, value);
}

function setCoreAttribute(doc: UserDoc, name: string, value: unknown) {
  const def = findAttribute("User", { attr: name })?.def;
  // Unknown attributes are ignored rather than rejected (Postman PUTs a misspelled `adreses`).
  if (!def || NOT_STORED.includes(def.name)) return;
  doc[def.name] = coerceAttribute(def, value, def.name);
}

function setEnterprise(doc: UserDoc, attr: string | undefined, value: unknown) {
  const ext = extensionObject(doc, ENTERPRISE_USER_SCHEMA);
  if (attr !== undefined) setEnterpriseAttribute(ext, attr, value);
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) setEnterpriseAttribute(ext, k, v);
  else throw badRequest("invalidValue", `${ENTERPRISE_USER_SCHEMA} must be an object`);
  if (Object.keys(ext).length === 0) delete doc[ENTERPRISE_USER_SCHEMA];
}

function setEnterpriseAttribute(ext: JsonObject, name: string, value: unknown) {
  const def = enterpriseUserSchema.attributes.find((a) => sameName(a.name, name));
  if (!def) return;
  if (def.name !== "manager") {
    ext[def.name] = coerceAttribute(def, value, def.name);
    return;
  }
  const managerId = managerIdFrom(value);
  if (managerId) ext.manager = { value: managerId };
  else delete ext.manager;
}

/** Extensions we don't know are kept as sent, under the URN the client used. */
function setOtherExtension(doc: UserDoc, uri: string, attr: string | undefined, value: unknown) {
  if (attr === undefined && !isObject(value)) return;
  const ext = extensionObject(doc, uri);
  if (attr !== undefined) ext[attr] = value;
  else Object.assign(ext, value);
}

function extensionObject(doc: UserDoc, uri: string): JsonObject {
  const key = findKey(doc, uri) ?? uri;
  const existing = doc[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  doc[key] = created;
  return created;
}

function coerceAttribute(def: AttributeDef, value: unknown, path: string): unknown {
  if (def.type === "boolean") return parseBoolean(value, path);
  if (def.type !== "complex") {
    if (typeof value === "object") throw badRequest("invalidValue", `${path} must be a single ${def.type} value`);
    return value;
  }
  if (!def.multiValued) {
    if (!isObject(value)) throw badRequest("invalidValue", `${path} must be an object`);
    return coerceComplex(def, value, path);
  }
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (!isObject(item)) throw badRequest("invalidValue", `${path} must be an array of objects`);
    return coerceComplex(def, item, path);
  });
}

/** Canonical sub-attribute names (`Primary` → `primary`); unknown sub-attributes are kept as sent. */
function coerceComplex(def: AttributeDef, value: JsonObject, path: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = def.subAttributes?.find((a) => sameName(a.name, key));
    const name = sub?.name ?? key;
    out[name] = sub?.type === "boolean" ? parseBoolean(v, `${path}.${name}`) : v;
  }
  return out;
}

function requireUserName(userName: unknown) {
  if (userName === undefined || (typeof userName === "string" && userName.trim() === "")) {
    throw badRequest("invalidValue", "userName is required");
  }
  if (typeof userName !== "string") throw badRequest("invalidValue", "userName must be a string");
}

/** The manager's id from any shape clients send: a bare id, `{value}`, `{value, $ref}`, or a one-element
 * array of those (Entra's older PATCH). Empty string or null means "no manager". */
export function managerIdFrom(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.length ? managerIdFrom(value[0]) : null;
  if (isObject(value)) {
    const id = getIgnoreCase(value, "value");
    if (id === null || id === undefined || id === "") return null;
    if (typeof id === "string") return id;
  }
  throw badRequest("invalidValue", "manager must be a user id or an object with a string value");
}

// ---------------------------------------------------------------------------------------------------
// Output

export function toScimUser(row: UserRow, ctx: UserRenderContext): Record<string, unknown> {
  const location = `${ctx.baseUrl}/Users/${row.id}`;
  // `active` comes from the row; groups and manager are rendered from relations, never from the document.
  const attrs = omitKeys(parseStoredJson(row.attributes), NOT_RENDERED);
  renderEnterprise(attrs, row.managerId, ctx);
  return {
    schemas: userSchemas(attrs),
    id: row.id,
    ...attrs,
    active: row.active,
    ...(ctx.groups ? { groups: ctx.groups.map((g) => groupRef(g, ctx.baseUrl)) } : {}),
    meta: resourceMeta("User", row, location),
  };
}

/** Puts the enterprise extension under its canonical key, with `manager` in the RFC complex form.
 * Entra re-PATCHes the manager every cycle if it is returned anywhere else. */
function renderEnterprise(attrs: JsonObject, managerId: string | null, ctx: UserRenderContext) {
  const key = findKey(attrs, ENTERPRISE_USER_SCHEMA);
  const stored = key === undefined ? {} : attrs[key];
  if (key !== undefined) delete attrs[key];
  const ext = omitKeys(isObject(stored) ? stored : {}, ["manager"]);
  if (managerId) {
    ext.manager = {
      value: managerId,
      $ref: `${ctx.baseUrl}/Users/${managerId}`,
      ...(ctx.managerDisplayName ? { displayName: ctx.managerDisplayName } : {}),
    };
  }
  if (Object.keys(ext).length) attrs[ENTERPRISE_USER_SCHEMA] = ext;
}

/** Core schema first, then every extension whose data is present. */
function userSchemas(attrs: JsonObject): string[] {
  const extensions = Object.keys(attrs).filter((k) => /^urn:/i.test(k) && isObject(attrs[k]));
  extensions.sort((a, b) => Number(b === ENTERPRISE_USER_SCHEMA) - Number(a === ENTERPRISE_USER_SCHEMA));
  return [USER_SCHEMA, ...extensions];
}

function groupRef(group: { id: string; displayName: string }, baseUrl: string) {
  return { value: group.id, $ref: `${baseUrl}/Groups/${group.id}`, display: group.displayName, type: "direct" };
}
