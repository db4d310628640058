// Turns a Group PATCH into a plan. Membership is never read-modify-write: Entra sends concurrent
// single-member PATCHes to one group, so the service applies these steps as set operations on the join
// table (insert-if-absent / delete-where) instead of rewriting the member list.
import { badRequest } from "../errors";
import type { Filter, PatchPath } from "../filter/ast";
import { parsePatchPath } from "../path";
import { GROUP_SCHEMA, findAttribute } from "../schema";
import { isServerOwned, refuseServerOwnedPath } from "./read-only";
import type { GroupMemberRef, GroupPatchPlan, PatchOpName, PatchOperation } from "./types";
import { findKey, isBlank, isPlainObject, sameText, type JsonObject } from "./values";

export function planGroupPatch(ops: PatchOperation[]): GroupPatchPlan {
  const plan: GroupPatchPlan = { steps: [] };
  for (const { op, path, value } of ops) {
    if (path) planAtPath(plan, op, path, value);
    else planPathless(plan, op, value);
  }
  return plan;
}

/** `{"op":"replace","value":{"displayName":"x","externalId":"y"}}`, `{"op":"add","value":{"members":[…]}}` */
function planPathless(plan: GroupPatchPlan, op: PatchOpName, value: unknown) {
  if (!isPlainObject(value)) throw badRequest("invalidValue", `${op} without a path needs an object value`);
  for (const [key, v] of Object.entries(value)) {
    const path = parsePatchPath(key);
    if (!isServerOwned(path.attr)) planAtPath(plan, op, path, v);
  }
}

function planAtPath(plan: GroupPatchPlan, op: PatchOpName, path: PatchPath, value: unknown) {
  if (path.uri && !sameText(path.uri, GROUP_SCHEMA)) return; // no group extensions: ignore
  refuseServerOwnedPath(path);
  const name = findAttribute("Group", { attr: path.attr })?.def.name;
  if (name === "members") planMembers(plan, op, path, value);
  else if (path.filter || path.sub !== undefined)
    return; // no other group attribute has sub-attributes
  else if (name === "displayName") plan.displayName = displayNameFrom(op, value);
  else if (name === "externalId") plan.externalId = externalIdFrom(op, value);
  // schemas and unknown attributes: ignored (id and meta were refused above)
}

function displayNameFrom(op: PatchOpName, value: unknown): string {
  if (op === "remove") throw badRequest("mutability", "displayName is required and cannot be removed");
  if (typeof value !== "string" || value.trim() === "") {
    throw badRequest("invalidValue", "displayName must be a non-empty string");
  }
  return value;
}

function externalIdFrom(op: PatchOpName, value: unknown): string | null {
  if (op === "remove" || isBlank(value)) return null;
  if (typeof value !== "string") throw badRequest("invalidValue", "externalId must be a string");
  return value;
}

function planMembers(plan: GroupPatchPlan, op: PatchOpName, path: PatchPath, value: unknown) {
  if (path.sub !== undefined) throw badRequest("invalidPath", "members sub-attributes cannot be patched");
  if (path.filter) {
    // `members[value eq "id"]` (Entra with aadOptscim062020, Postman): the only filtered form we support
    if (op !== "remove") {
      throw badRequest("invalidPath", `${op} on a members filter is not supported; use path "members"`);
    }
    plan.steps.push({ kind: "remove", ids: idsFromFilter(path.filter) });
    return;
  }
  if (op === "add") {
    const members = membersFrom(value);
    if (members.length > 0) plan.steps.push({ kind: "add", members });
  } else if (op === "replace") {
    plan.steps.push({ kind: "replace", members: isBlank(value) ? [] : membersFrom(value) });
  } else if (value === undefined || value === null) {
    plan.steps.push({ kind: "removeAll" }); // RFC: remove with path "members" and no value
  } else {
    // Entra's default job: `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes only those
    const ids = membersFrom(value).map((m) => m.value);
    if (ids.length > 0) plan.steps.push({ kind: "remove", ids });
  }
}

/** `value eq "a"`, or `value eq "a" or value eq "b"`. Anything else would need member data we don't load. */
function idsFromFilter(filter: Filter): string[] {
  if (filter.op === "or") return unique([...idsFromFilter(filter.left), ...idsFromFilter(filter.right)]);
  if (
    filter.op === "eq" &&
    !filter.path.uri &&
    sameText(memberAttrName(filter.path), "value") &&
    typeof filter.value === "string" &&
    filter.value !== ""
  ) {
    return [filter.value];
  }
  throw badRequest("invalidFilter", 'only members[value eq "id"] filters (optionally joined by or) are supported');
}

/** Inside `members[...]` paths are relative (`value`); tolerate `members.value` too. */
function memberAttrName(path: { attr: string; sub?: string }): string {
  return path.sub !== undefined && sameText(path.attr, "members") ? path.sub : path.attr;
}

/** One member, an array of members, or a bare id string (Microsoft's Postman "string id 1"). */
function membersFrom(value: unknown): GroupMemberRef[] {
  const list = Array.isArray(value) ? value : [value];
  const members = list.map(memberFrom);
  return members.filter((m, i) => members.findIndex((o) => o.value === m.value) === i);
}

function memberFrom(raw: unknown): GroupMemberRef {
  if (typeof raw === "string") return { value: requireId(raw) };
  if (!isPlainObject(raw)) throw badRequest("invalidValue", "a member must be an object with a value");
  const member: GroupMemberRef = { value: requireId(read(raw, "value")) };
  // Postman sends `displayName` in member entries and expects it echoed back as `display`
  const display = read(raw, "display") ?? read(raw, "displayName");
  if (typeof display === "string" && display !== "") member.display = display;
  return member; // $ref and type are derived by the server, not taken from the client
}

function requireId(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw badRequest("invalidValue", "a member value must be a non-empty string id");
  }
  return value;
}

function read(obj: JsonObject, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

const unique = (ids: string[]) => [...new Set(ids)];
