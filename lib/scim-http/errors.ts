// Every failure a SCIM client sees is a SCIM error body (RFC 7644 §3.12): protocol errors as thrown,
// domain refusals mapped to their status, an unreachable database as 503 with Retry-After, anything else
// as a 500 whose detail leaks nothing (the cause goes to the server log with the request id).
import { log as serverLog, type Logger } from "@/lib/log";
import { ScimError } from "@/lib/scim/errors";
import { DomainError } from "@/lib/services/errors";
import { scimErrorResponse } from "./respond";

// (The last two: a prepared statement that went stale under a migration or a pooler; its connection is
// discarded, so a retry succeeds.)
const UNAVAILABLE =
  /P1001|P1002|P1017|P2024|P2028|ECONNREFUSED|ECONNRESET|ETIMEDOUT|SQLITE_BUSY|SQLITE_READONLY|database is locked|attempt to write a readonly database|Can't reach database|Connection terminated|timeout exceeded when trying to connect|Query read timeout|cached plan must not change result type|prepared statement "[^"]*" does not exist/i;

/** Maps any thrown value to the SCIM error the client sees. Never leaks internals in `detail`. */
export function toScimError(e: unknown, log: Logger = serverLog): ScimError {
  if (e instanceof ScimError) return e;
  if (e instanceof DomainError) {
    const status = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403, last_owner: 409 }[e.code];
    return new ScimError(
      status,
      e.message,
      e.code === "invalid" ? "invalidValue" : e.code === "conflict" ? "uniqueness" : undefined,
    );
  }
  const text = `${(e as { code?: string })?.code ?? ""} ${(e as Error)?.message ?? String(e)}`;
  if (UNAVAILABLE.test(text)) {
    log.warn({ reason: (e as Error)?.message ?? String(e) }, "SCIM request answered 503: database unavailable");
    return new ScimError(503, "The database is temporarily unavailable; retry shortly");
  }
  log.error({ err: e }, "Unhandled SCIM error");
  return new ScimError(
    500,
    "Internal server error; the request was not applied. Retry it, and check the server logs if it persists",
  );
}

/** A 503 (database unavailable) also tells the client when to retry. */
export function errorResponse(error: ScimError): Response {
  return scimErrorResponse(error, error.status === 503 ? { "Retry-After": "5" } : {});
}

/** The error response for a thrown value. */
export function failure(e: unknown, log: Logger = serverLog): Response {
  return errorResponse(toScimError(e, log));
}

export function notFoundPath(path: string) {
  return new ScimError(
    404,
    `No SCIM endpoint at ${path}. Endpoints: /Users, /Groups, /Bulk, /ServiceProviderConfig, /ResourceTypes, /Schemas`,
  );
}

export function methodNotAllowed(method: string, path: string) {
  return new ScimError(405, `${method} is not supported on ${path}`);
}
