// POST /Bulk (RFC 7644 §3.7). Each operation becomes a request of its own and runs through the very same
// handler as a single request (roles, owner guard, isolation, If-Match from `version`), and is logged as its
// own provisioning event; `run` is that path (lib/scim-http/handler.ts). Not transactional across
// operations, as the RFC says: what ran stays applied when a later operation fails.
import {
  BULK_MAX_PAYLOAD_BYTES,
  BULK_RESPONSE,
  bulkOrder,
  parseBulkRequest,
  referencedBulkIds,
  resolveBulkIds,
  type BulkOperation,
} from "@/lib/scim/bulk";
import { errorBody, ScimError } from "@/lib/scim/errors";
import { BodyTooLarge, readBodyLimited } from "../http/body-limit";
import { parseJsonText } from "./body";
import { scimJson } from "./respond";

/** Runs one operation as a request (method, path under /scim/v2, JSON body, headers) and logs it. */
export type RunOperation = (
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
) => Promise<Response>;

interface OperationResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
}

export async function bulk(req: Request, baseUrl: string, run: RunOperation): Promise<Response> {
  const bytes = await readBodyLimited(req, BULK_MAX_PAYLOAD_BYTES).catch((e: unknown) => {
    throw e instanceof BodyTooLarge
      ? new ScimError(413, `The bulk request is larger than ${BULK_MAX_PAYLOAD_BYTES} bytes (maxPayloadSize)`)
      : e;
  });
  const request = parseBulkRequest(parseJsonText(bytes));
  const { order, unresolvable } = bulkOrder(request.operations);
  const results = new Map<number, OperationResult>();
  const ids = new Map<string, string>();
  let errors = 0;
  for (const i of order) {
    if (request.failOnErrors !== undefined && errors >= request.failOnErrors) break;
    const op = request.operations[i];
    const result = referencedBulkIds(op).every((id) => ids.has(id))
      ? await runOne(resolveBulkIds(op, ids), baseUrl, run)
      : failed(op, unresolved());
    results.set(i, result);
    if (Number(result.status) >= 400) errors++;
    else if (result.bulkId && result.location)
      ids.set(result.bulkId, result.location.slice(result.location.lastIndexOf("/") + 1));
  }
  // Operations whose bulkId reference names nothing this request can create (unknown or circular).
  for (const i of unresolvable) {
    if (request.failOnErrors !== undefined && errors >= request.failOnErrors) break;
    results.set(i, failed(request.operations[i], unresolved()));
    errors++;
  }
  const Operations = request.operations
    .map((_, i) => results.get(i))
    .filter((r): r is OperationResult => r !== undefined);
  return scimJson({ schemas: [BULK_RESPONSE], Operations });
}

async function runOne(op: BulkOperation, baseUrl: string, run: RunOperation): Promise<OperationResult> {
  const headers: Record<string, string> = op.version ? { "If-Match": op.version } : {};
  const res = await run(op.method, op.path, op.data, headers);
  const out: OperationResult = {
    method: op.method,
    ...(op.bulkId ? { bulkId: op.bulkId } : {}),
    status: String(res.status),
  };
  const etag = res.headers.get("etag");
  if (etag) out.version = etag;
  const location =
    res.headers.get("location") ?? (res.status < 300 && op.method !== "POST" ? `${baseUrl}${op.path}` : null);
  if (location && res.status < 400) out.location = location;
  if (res.status >= 400) out.response = await res.json().catch(() => errorBody(res.status, "The operation failed"));
  else await res.body?.cancel();
  return out;
}

function unresolved() {
  return new ScimError(
    409,
    "This operation refers to a bulkId that no operation of this request created (unknown, failed or circular)",
    "invalidValue",
  );
}

function failed(op: BulkOperation, e: ScimError): OperationResult {
  return {
    method: op.method,
    ...(op.bulkId ? { bulkId: op.bulkId } : {}),
    status: String(e.status),
    response: errorBody(e.status, e.detail, e.scimType),
  };
}
