// Bulk requests (RFC 7644 §3.7): parsing the envelope and resolving `bulkId:` references. Pure: the HTTP
// layer (lib/scim-http/bulk.ts) runs each operation through the same handlers as a single request.
import { badRequest, ScimError } from "./errors";
import { getIgnoreCase, isObject } from "./coerce";

export const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
/** Advertised in ServiceProviderConfig and enforced (413 above either). */
export const BULK_MAX_OPERATIONS = 1000;
export const BULK_MAX_PAYLOAD_BYTES = 1024 * 1024;

export type BulkMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export interface BulkOperation {
  method: BulkMethod;
  /** required for POST; how later operations refer to the created resource (`bulkId:<id>`) */
  bulkId?: string;
  /** `If-Match` for this operation */
  version?: string;
  /** `/Users`, `/Groups/<id>`, `/Groups/bulkId:<id>` */
  path: string;
  data?: unknown;
}

export interface BulkRequest {
  failOnErrors?: number;
  operations: BulkOperation[];
}

const METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function parseBulkRequest(body: unknown): BulkRequest {
  if (!isObject(body)) throw badRequest("invalidSyntax", "The request body must be a BulkRequest object");
  const ops = getIgnoreCase(body, "Operations");
  if (!Array.isArray(ops)) throw badRequest("invalidSyntax", "A BulkRequest needs an Operations array");
  if (ops.length > BULK_MAX_OPERATIONS) {
    throw new ScimError(
      413,
      `The bulk request has ${ops.length} operations; at most ${BULK_MAX_OPERATIONS} are allowed (maxOperations)`,
    );
  }
  const failOnErrors = getIgnoreCase(body, "failOnErrors");
  if (
    failOnErrors !== undefined &&
    failOnErrors !== null &&
    (typeof failOnErrors !== "number" || !Number.isInteger(failOnErrors) || failOnErrors < 1)
  ) {
    throw badRequest("invalidValue", "failOnErrors must be a positive integer");
  }
  const seen = new Set<string>();
  const operations = ops.map((op, i): BulkOperation => {
    if (!isObject(op)) throw badRequest("invalidSyntax", `Operations[${i}] must be an object`);
    const method = String(getIgnoreCase(op, "method") ?? "").toUpperCase();
    if (!METHODS.has(method))
      throw badRequest("invalidValue", `Operations[${i}].method must be POST, PUT, PATCH or DELETE`);
    const path = getIgnoreCase(op, "path");
    if (typeof path !== "string" || !path.startsWith("/"))
      throw badRequest("invalidValue", `Operations[${i}].path must be a path such as /Users or /Groups/<id>`);
    const bulkId = getIgnoreCase(op, "bulkId");
    if (bulkId !== undefined && (typeof bulkId !== "string" || bulkId === ""))
      throw badRequest("invalidValue", `Operations[${i}].bulkId must be a non-empty string`);
    if (method === "POST" && bulkId === undefined)
      throw badRequest("invalidValue", `Operations[${i}]: a POST needs a bulkId`);
    if (typeof bulkId === "string") {
      if (seen.has(bulkId)) throw badRequest("uniqueness", `bulkId "${bulkId}" is used by more than one operation`);
      seen.add(bulkId);
    }
    const version = getIgnoreCase(op, "version");
    if (version !== undefined && typeof version !== "string")
      throw badRequest("invalidValue", `Operations[${i}].version must be a string`);
    const data = getIgnoreCase(op, "data");
    if (method !== "DELETE" && !isObject(data))
      throw badRequest("invalidValue", `Operations[${i}]: ${method} needs a data object`);
    return {
      method: method as BulkMethod,
      path,
      ...(bulkId ? { bulkId } : {}),
      ...(version ? { version } : {}),
      ...(data === undefined ? {} : { data }),
    };
  });
  return { ...(typeof failOnErrors === "number" ? { failOnErrors } : {}), operations };
}

const REF = /^bulkId:(.+)$/;

/** The bulkIds an operation refers to, in its path and anywhere in its data (member values, manager). */
export function referencedBulkIds(op: BulkOperation): string[] {
  const found = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === "string") {
      const m = REF.exec(v);
      if (m) found.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) Object.values(v).forEach(visit);
  };
  for (const segment of op.path.split("/")) visit(segment);
  visit(op.data);
  return [...found];
}

/** The operation with every `bulkId:<id>` replaced by the id the server assigned. */
export function resolveBulkIds(op: BulkOperation, ids: ReadonlyMap<string, string>): BulkOperation {
  const swap = (v: unknown): unknown => {
    if (typeof v === "string") {
      const m = REF.exec(v);
      return m && ids.has(m[1]) ? ids.get(m[1]) : v;
    }
    if (Array.isArray(v)) return v.map(swap);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  return {
    ...op,
    path: op.path
      .split("/")
      .map((s) => swap(s) as string)
      .join("/"),
    ...(op.data === undefined ? {} : { data: swap(op.data) }),
  };
}

/** The order to run operations in: as sent, except that one referring to a bulkId waits until the
 * operation creating it has run (a client may list a group before the users it references, §3.7.1).
 * Returns the indexes to run, and those that can never run (an unknown bulkId or a cycle). */
export function bulkOrder(ops: BulkOperation[]): { order: number[]; unresolvable: number[] } {
  const creator = new Map<string, number>();
  ops.forEach((op, i) => op.bulkId && op.method === "POST" && creator.set(op.bulkId, i));
  const refs = ops.map(referencedBulkIds);
  const done = new Set<number>();
  const order: number[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (let i = 0; i < ops.length; i++) {
      if (done.has(i)) continue;
      if (refs[i].every((id) => creator.has(id) && creator.get(id) !== i && done.has(creator.get(id)!))) {
        done.add(i);
        order.push(i);
        progressed = true;
        break; // restart from the first pending one, so the client's order holds wherever it can
      }
    }
  }
  return { order, unresolvable: ops.map((_, i) => i).filter((i) => !done.has(i)) };
}
