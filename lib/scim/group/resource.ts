// SCIM Group resources: POST/PUT bodies in, stored rows out. Pure: no database access.
// Membership lives in a join table, so the service passes members in when it has loaded them.
import { assertJsonDepth } from "../json-limits";
import { badRequest } from "../errors";
import { GROUP_SCHEMA } from "../schema";
import { getIgnoreCase, isObject, resourceMeta, splitUrnKey, type JsonObject } from "../coerce";

export interface GroupMemberInput {
  value: string;
  display?: string;
}

export interface GroupInput {
  displayName: string;
  externalId: string | null;
  /** undefined when the body has no `members` (a PUT without members clears them; the caller decides) */
  members?: GroupMemberInput[];
}

export interface GroupRow {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface GroupRenderContext {
  baseUrl: string;
  /** omit to leave `members` out (e.g. `excludedAttributes=members`); `[]` renders `members: []` */
  members?: { value: string; display?: string | null }[];
}

/** Normalises a POST/PUT body. Everything but displayName, externalId and members is ignored, including
 * the `schemas` list (Entra adds Microsoft's ADSCIM Group URN to it). */
export function normalizeGroupInput(raw: unknown): GroupInput {
  assertJsonDepth(raw);
  if (!isObject(raw)) throw badRequest("invalidSyntax", "The request body must be a JSON object");
  const body = flattenCoreUrn(raw);
  const displayName = getIgnoreCase(body, "displayName");
  if (typeof displayName !== "string" || displayName.trim() === "") {
    throw badRequest("invalidValue", "displayName is required");
  }
  const members = getIgnoreCase(body, "members");
  return {
    displayName,
    externalId: optionalString(getIgnoreCase(body, "externalId"), "externalId"),
    ...(members === undefined || members === null ? {} : { members: parseMemberList(memberArray(members)) }),
  };
}

/** Core attributes may come nested under the core schema URN key (`{"urn:…:core:2.0:Group": {"displayName": …}}`)
 * or fully qualified (`urn:…:core:2.0:Group:displayName`), as RFC 7644 allows and Users accept too. */
function flattenCoreUrn(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    const urn = splitUrnKey(key, [GROUP_SCHEMA]);
    if (!urn || urn.uri !== GROUP_SCHEMA) out[key] = value;
    else if (urn.attr) out[urn.attr] = value;
    else if (isObject(value)) Object.assign(out, value);
  }
  return out;
}

/** In a POST/PUT body `members` is multi-valued: an array (a PATCH value may be a single member). */
function memberArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badRequest("invalidValue", 'members must be an array of {"value": "<member id>"}');
  return value;
}

function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw badRequest("invalidValue", `${name} must be a string`);
  return value;
}

/** Members as sent in a body or a PATCH value: an array (or a single item) of `{value, display}`
 * objects or bare id strings. Attribute names are case-insensitive (`Value`); Postman's PATCH sends the
 * display name as `displayName`. Duplicates are dropped so the join table sees each member once. */
export function parseMemberList(value: unknown): GroupMemberInput[] {
  const items = Array.isArray(value) ? value : [value];
  const seen = new Map<string, GroupMemberInput>();
  for (const item of items) {
    if (item === null || item === undefined) continue;
    const member = parseMember(item);
    if (!seen.has(member.value)) seen.set(member.value, member);
  }
  return [...seen.values()];
}

function parseMember(item: unknown): GroupMemberInput {
  if (typeof item === "string" && item !== "") return { value: item };
  if (isObject(item)) {
    const value = getIgnoreCase(item, "value");
    const display = getIgnoreCase(item, "display") ?? getIgnoreCase(item, "displayName");
    if (typeof value === "string" && value !== "") {
      return typeof display === "string" ? { value, display } : { value };
    }
  }
  throw badRequest("invalidValue", "Each member must have a non-empty string value");
}

export function toScimGroup(row: GroupRow, ctx: GroupRenderContext): Record<string, unknown> {
  const location = `${ctx.baseUrl}/Groups/${row.id}`;
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    displayName: row.displayName,
    ...(ctx.members ? { members: ctx.members.map((m) => memberRef(m, ctx.baseUrl)) } : {}),
    meta: resourceMeta("Group", row, location),
  };
}

function memberRef(member: { value: string; display?: string | null }, baseUrl: string) {
  return {
    value: member.value,
    $ref: `${baseUrl}/Users/${member.value}`,
    ...(member.display ? { display: member.display } : {}),
    type: "User",
  };
}
