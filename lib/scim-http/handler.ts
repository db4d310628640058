// The SCIM endpoint: one entry point for every request under /scim/v2. It authenticates the bearer
// token (which decides the workspace), routes case-insensitively (Microsoft's own tests request
// `/users`), turns every failure into a SCIM error body, and logs one provisioning event per request.
import { getDb, database } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { scimBaseUrl } from "@/lib/config";
import { ScimError } from "@/lib/scim/errors";
import { recordEvent } from "@/lib/services/provisioning-log";
import { verifyBearer } from "@/lib/services/tokens";
import { DomainError } from "@/lib/services/errors";
import type { ScimRequest, Touched } from "./context";
import { scimErrorResponse } from "./respond";
import { rateLimitConfig, scimRateLimiter } from "./rate-limit";
import * as users from "./users";
import * as groups from "./groups";
import * as discovery from "./discovery";
import { bulk, type RunOperation } from "./bulk";
import type { ScimScope } from "@/lib/services/scim/scope";
import { observeScimRequest } from "@/lib/metrics";
import { isShuttingDown, tracked } from "@/lib/server/lifecycle";

type Handler = (r: ScimRequest, id: string) => Promise<Response>;
type Routes = Partial<Record<string, Handler>>;

const COLLECTIONS: Record<string, { list: Routes; item: Routes }> = {
  users: {
    list: { GET: users.listUsers, POST: users.createUser },
    item: { GET: users.getUser, PUT: users.replaceUser, PATCH: users.patchUser, DELETE: users.deleteUser },
  },
  groups: {
    list: { GET: groups.listGroups, POST: groups.createGroup },
    item: { GET: groups.getGroup, PUT: groups.replaceGroup, PATCH: groups.patchGroup, DELETE: groups.deleteGroup },
  },
};

// Discovery documents are the same for every workspace and need no token (RFC 7644 §4).
const DISCOVERY: Record<string, { list: Handler; item?: Handler }> = {
  serviceproviderconfig: { list: discovery.serviceProviderConfig },
  serviceconfiguration: { list: discovery.serviceProviderConfig }, // alias used by Microsoft's Postman collection
  resourcetypes: { list: discovery.resourceTypes, item: discovery.resourceType },
  schemas: { list: discovery.schemas, item: discovery.schema },
};

export async function handleScim(req: Request, rawSegments: string[]): Promise<Response> {
  const started = performance.now();
  const seen: Seen = {};
  const response = await tracked(() => serve(req, rawSegments, started, seen));
  const collection = rawSegments.find((s) => s !== "") ?? "";
  observeScimRequest({ method: req.method.toUpperCase(), collection, status: response.status, seconds: (performance.now() - started) / 1000, workspaceId: seen.workspaceId });
  // A stopping server (lib/server/lifecycle.ts) tells keep-alive clients to open their next request elsewhere.
  if (isShuttingDown()) {
    try {
      response.headers.set("Connection", "close");
    } catch {
      // immutable headers: the server closes the connection once it has stopped anyway
    }
  }
  return response;
}

/** What handleScim learns while serving, for the metrics. */
interface Seen {
  workspaceId?: string;
}

async function serve(req: Request, rawSegments: string[], started: number, seen: Seen): Promise<Response> {
  const url = new URL(req.url);
  const method = req.method.toUpperCase();
  const segments = rawSegments.filter((s) => s !== "").map(decodeSegment);
  const [collection = "", id, ...rest] = segments;
  const key = collection.toLowerCase();

  const disc = DISCOVERY[key];
  if (disc) {
    if (method !== "GET") return scimErrorResponse(methodNotAllowed(method, url.pathname));
    const h = id === undefined ? disc.list : rest.length === 0 ? disc.item : undefined;
    if (!h) return scimErrorResponse(notFoundPath(url.pathname));
    const r = { req, url, sql: undefined as never, scope: { baseUrl: scimBaseUrl() } as never, segments, touched: {} };
    return safely(() => h(r, id ?? ""));
  }

  const routes = COLLECTIONS[key];
  const handler = !routes || rest.length > 0 ? undefined : id === undefined ? routes.list[method] : routes.item[method];

  let sql: Sql;
  try {
    await getDb(); // SQLite pragmas are in place
    sql = database().sql;
  } catch (e) {
    return failure(e);
  }
  let auth;
  try {
    auth = await verifyBearer(sql, req.headers.get("authorization"));
  } catch (e) {
    // the database is usually down here: the first query of every request is the token lookup
    return failure(e);
  }
  const base = { method, path: url.pathname, query: readableQuery(url) };
  if (!auth.ok) {
    const err = new ScimError(401, unauthorizedDetail(auth.reason));
    if (auth.workspaceId) {
      log(sql, { ...base, workspaceId: auth.workspaceId, tokenId: auth.tokenId, tokenLabel: auth.tokenLabel }, {}, err.status, err, started);
    }
    return scimErrorResponse(err, { "WWW-Authenticate": 'Bearer realm="SCIM"' });
  }
  const who = { ...base, workspaceId: auth.workspace.id, tokenId: auth.tokenId, tokenLabel: auth.tokenLabel };
  seen.workspaceId = auth.workspace.id;
  const touched: Touched = {};
  const notes: string[] = [];
  let response: Response;
  let error: ScimError | undefined;
  const retryAfter = scimRateLimiter.take(auth.tokenId, rateLimitConfig());
  if (retryAfter > 0) {
    const { rps, burst } = rateLimitConfig();
    error = new ScimError(429, `Too many requests for this token (limit ${rps}/s, bursts of ${burst}); retry after ${retryAfter} s`);
  } else if (auth.workspace.plan !== "enterprise") {
    error = new ScimError(403, `SCIM provisioning needs the Enterprise plan; workspace "${auth.workspace.slug}" is on the ${auth.workspace.plan} plan. Upgrade the workspace, then retry.`);
  } else if (key === "bulk" && id === undefined) {
    if (method !== "POST") error = methodNotAllowed(method, url.pathname);
  } else if (!routes || rest.length > 0) {
    error = notFoundPath(url.pathname);
  } else if (!handler) {
    error = methodNotAllowed(method, url.pathname);
  }
  const scope = { workspaceId: auth.workspace.id, tokenId: auth.tokenId, tokenLabel: auth.tokenLabel, baseUrl: scimBaseUrl(), provider: database().provider, ownerPowers: auth.ownerPowers, notes };
  if (error) {
    response = scimErrorResponse(error, retryAfter > 0 ? { "Retry-After": String(retryAfter) } : {});
  } else if (key === "bulk") {
    // Each operation is a request of its own through the same handlers, logged as its own event; the
    // envelope is logged only when it is refused as a whole (too large, unparseable).
    const run: RunOperation = (opMethod, path, body, headers) => runOperation(req, url, sql, scope, who, opMethod, path, body, headers);
    try {
      return await bulk(req, scope.baseUrl, run);
    } catch (e) {
      error = toScimError(e);
      response = errorResponse(error);
    }
  } else {
    try {
      response = await handler!({ req, url, sql, scope, segments, touched }, id ?? "");
    } catch (e) {
      error = toScimError(e);
      response = errorResponse(error);
    }
  }
  log(sql, who, touched, response.status, error, started, notes);
  return response;
}

/** One operation of a bulk request, served and logged exactly as the same request sent on its own. */
async function runOperation(
  outer: Request,
  outerUrl: URL,
  sql: Sql,
  outerScope: ScimScope,
  who: { workspaceId: string; tokenId: string | null; tokenLabel: string | null },
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  const started = performance.now();
  const url = new URL(`/scim/v2${path}`, outerUrl);
  const segments = url.pathname.replace(/^\/scim\/v2\/?/, "").split("/").filter((s) => s !== "").map(decodeSegment);
  const [collection = "", id, ...rest] = segments;
  const routes = COLLECTIONS[collection.toLowerCase()];
  const handler = !routes || rest.length > 0 ? undefined : id === undefined ? routes.list[method] : routes.item[method];
  const req = new Request(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }), "User-Agent": outer.headers.get("user-agent") ?? "" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const touched: Touched = {};
  const notes: string[] = [];
  const scope = { ...outerScope, notes };
  let response: Response;
  let error: ScimError | undefined;
  if (!routes || rest.length > 0) error = notFoundPath(url.pathname);
  else if (!handler) error = methodNotAllowed(method, url.pathname);
  if (error) response = scimErrorResponse(error);
  else {
    try {
      response = await handler!({ req, url, sql, scope, segments, touched }, id ?? "");
    } catch (e) {
      error = toScimError(e);
      response = errorResponse(error);
    }
  }
  log(sql, { ...who, method, path: url.pathname, query: null }, touched, response.status, error, started, ["bulk operation", ...notes]);
  return response;
}

/** Percent-decodes one path segment. A malformed escape (`/Users/100%`, `%E0%A4%A`) is kept as sent, so it
 * becomes an unknown id (404) instead of an exception that escapes the handler; so is one that decodes to
 * U+0000 (`/Users/%00`), which PostgreSQL cannot even compare. */
function decodeSegment(segment: string): string {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.includes("\u0000") ? segment : decoded;
  } catch {
    return segment;
  }
}

async function safely(fn: () => Promise<Response>) {
  try {
    return await fn();
  } catch (e) {
    return failure(e);
  }
}

/** The error response for a thrown value. */
function failure(e: unknown): Response {
  return errorResponse(toScimError(e));
}

/** A 503 (database unavailable) also tells the client when to retry. */
function errorResponse(error: ScimError): Response {
  return scimErrorResponse(error, error.status === 503 ? { "Retry-After": "5" } : {});
}

/** Queues the request's provisioning event (written in batches, see provisioning-log.ts). */
function log(
  sql: Sql,
  who: { workspaceId: string; tokenId?: string | null; tokenLabel?: string | null; method: string; path: string; query: string | null },
  touched: Touched,
  status: number,
  error: ScimError | undefined,
  started: number,
  notes: string[] = [],
) {
  try {
    recordEvent(sql, {
      ...who,
      ...touched,
      status,
      scimType: error?.scimType ?? null,
      detail: error?.detail ?? (notes.length ? notes.join("; ") : null),
      durationMs: performance.now() - started,
    });
  } catch (e) {
    // The log must never turn a served request into a failure.
    console.error("provisioning log event dropped:", (e as Error).message);
  }
}

function readableQuery(url: URL): string | null {
  if (!url.search) return null;
  try {
    return decodeURIComponent(url.search.slice(1).replace(/\+/g, " "));
  } catch {
    return url.search.slice(1);
  }
}

function unauthorizedDetail(reason: string): string {
  switch (reason) {
    case "missing": return "Missing Authorization header: send \"Authorization: Bearer <SCIM token>\"";
    case "malformed": return "The Authorization header must be \"Bearer <SCIM token>\"";
    case "revoked": return "This SCIM token was revoked. Generate a new token in Workspace settings → Connect SCIM";
    case "expired": return "This SCIM token has expired. Generate a new token in Workspace settings → Connect SCIM";
    default: return "Invalid SCIM token. Copy the token exactly as shown when it was generated";
  }
}

function notFoundPath(path: string) {
  return new ScimError(404, `No SCIM endpoint at ${path}. Endpoints: /Users, /Groups, /Bulk, /ServiceProviderConfig, /ResourceTypes, /Schemas`);
}

function methodNotAllowed(method: string, path: string) {
  return new ScimError(405, `${method} is not supported on ${path}`);
}

// (The last two: a prepared statement that went stale under a migration or a pooler; its connection is
// discarded, so a retry succeeds.)
const UNAVAILABLE = /P1001|P1002|P1017|P2024|P2028|ECONNREFUSED|ECONNRESET|ETIMEDOUT|SQLITE_BUSY|SQLITE_READONLY|database is locked|attempt to write a readonly database|Can't reach database|Connection terminated|timeout exceeded when trying to connect|Query read timeout|cached plan must not change result type|prepared statement "[^"]*" does not exist/i;

/** Maps any thrown value to the SCIM error the client sees. Never leaks internals in `detail`. */
export function toScimError(e: unknown): ScimError {
  if (e instanceof ScimError) return e;
  if (e instanceof DomainError) {
    const status = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403, last_owner: 409 }[e.code];
    return new ScimError(status, e.message, e.code === "invalid" ? "invalidValue" : e.code === "conflict" ? "uniqueness" : undefined);
  }
  const text = `${(e as { code?: string })?.code ?? ""} ${(e as Error)?.message ?? String(e)}`;
  if (UNAVAILABLE.test(text)) return new ScimError(503, "The database is temporarily unavailable; retry shortly");
  console.error("Unhandled SCIM error:", e);
  return new ScimError(500, "Internal server error; the request was not applied. Retry it, and check the server logs if it persists");
}
