// Validates a PatchOp body (RFC 7644 §3.5.2) leniently enough for Entra, Okta and Microsoft's test suites.
import { assertJsonDepth } from "../json-limits";
import { badRequest } from "../errors";
import { parsePatchPath } from "../path";
import type { PatchOpName, PatchOperation } from "./types";
import { findKey, isPlainObject, type JsonObject } from "./values";

const OP_NAMES: readonly PatchOpName[] = ["add", "replace", "remove"];

/** Parse `{"schemas": [PatchOp], "Operations": [...]}`. Extra keys (`id`, `name`, …) and a missing
 * `schemas` are tolerated; an empty `Operations` array is a valid no-op (Microsoft's validator sends it). */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  assertJsonDepth(body);
  if (!isPlainObject(body)) throw badRequest("invalidSyntax", "PATCH body must be a JSON object");
  const key = findKey(body, "Operations");
  const operations = key === undefined ? undefined : body[key];
  if (!Array.isArray(operations)) throw badRequest("invalidSyntax", "PATCH body must have an Operations array");
  return operations.map((raw, index) => parseOperation(raw, index));
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isPlainObject(raw)) throw badRequest("invalidSyntax", `${where} must be an object`);
  const op = parseOpName(member(raw, "op"), where);
  const rawPath = parseRawPath(member(raw, "path"), where);
  const hasValue = findKey(raw, "value") !== undefined;
  const value = member(raw, "value");

  if (rawPath === undefined) {
    if (op === "remove") throw badRequest("noTarget", `${where}: remove needs a path`);
    return { op, value };
  }
  const operation: PatchOperation = { op, path: parsePatchPath(rawPath), rawPath };
  if (op !== "remove" && !hasValue) throw badRequest("invalidValue", `${where}: ${op} needs a value`);
  if (hasValue) operation.value = value;
  return operation;
}

/** Operation members are matched case-insensitively, like everything structural in SCIM. */
function member(obj: JsonObject, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** Entra sends `Add`/`Replace`/`Remove` by default and lower case with aadOptscim062020. */
function parseOpName(op: unknown, where: string): PatchOpName {
  const name = typeof op === "string" ? op.trim().toLowerCase() : "";
  const found = OP_NAMES.find((n) => n === name);
  if (!found) {
    throw badRequest("invalidSyntax", `${where}: op must be add, replace or remove, got ${JSON.stringify(op)}`);
  }
  return found;
}

/** A missing, null or blank path means "no path" (the value carries the attribute names). */
function parseRawPath(path: unknown, where: string): string | undefined {
  if (path === undefined || path === null) return undefined;
  if (typeof path !== "string") throw badRequest("invalidSyntax", `${where}: path must be a string`);
  return path.trim() === "" ? undefined : path.trim();
}
