// The SCIM endpoint's HTTP edge: one entry point for every request under /scim/v2. It gives the request
// an id (request-id.ts), routes it (routes.ts), authenticates and admits it (auth.ts), calls one service
// per operation, turns every failure into a SCIM error body (errors.ts) and logs one provisioning event
// per request (event-log.ts). It never opens the database: the services in lib/services/scim do.
//
// Why lib/scim-http and not lib/http/scim: SCIM lives in three layers named alike — lib/scim (the pure
// protocol), lib/scim-http (this edge) and lib/services/scim (storage) — while lib/http keeps the small
// HTTP helpers every route shares (body limits, CSV, public URLs).
import { scimBaseUrl } from "@/lib/config";
import { log as serverLog, type Logger } from "@/lib/log";
import type { ScimError } from "@/lib/scim/errors";
import { scopeOf } from "@/lib/services/scim/access";
import type { ScimScope } from "@/lib/services/scim/scope";
import { observeScimRequest } from "@/lib/metrics";
import { isShuttingDown, tracked } from "@/lib/server/lifecycle";
import { admission, authorize, type Verdict } from "./auth";
import { bulk, type RunOperation } from "./bulk";
import type { ScimRequest, Touched } from "./context";
import { errorResponse, failure, methodNotAllowed, notFoundPath, toScimError } from "./errors";
import { logEvent, readableQuery, type Who } from "./event-log";
import { requestIdOf } from "./request-id";
import { scimErrorResponse } from "./respond";
import { pathSegments, route, type Route } from "./routes";

export async function handleScim(req: Request, rawSegments: string[]): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdOf(req.headers);
  const log = serverLog.child({ requestId });
  const seen: Seen = {};
  const response = await tracked(() => serve(req, rawSegments, { started, requestId, log, seen }));
  const collection = rawSegments.find((s) => s !== "") ?? "";
  observeScimRequest({
    method: req.method.toUpperCase(),
    collection,
    status: response.status,
    seconds: (performance.now() - started) / 1000,
    workspaceId: seen.workspaceId,
  });
  setHeader(response, "X-Request-Id", requestId);
  // A stopping server (lib/server/lifecycle.ts) tells keep-alive clients to open their next request elsewhere.
  if (isShuttingDown()) setHeader(response, "Connection", "close");
  return response;
}

function setHeader(response: Response, name: string, value: string) {
  try {
    response.headers.set(name, value);
  } catch {
    // immutable headers (none of ours are): the answer goes out without it
  }
}

/** What handleScim learns while serving, for the metrics. */
interface Seen {
  workspaceId?: string;
}

interface Served {
  started: number;
  requestId: string;
  log: Logger;
  seen: Seen;
}

async function serve(req: Request, rawSegments: string[], s: Served): Promise<Response> {
  const url = new URL(req.url);
  const method = req.method.toUpperCase();
  const r = route(pathSegments(rawSegments), method);

  if (r.discovery) {
    if (!r.handler)
      return scimErrorResponse(r.known ? methodNotAllowed(method, url.pathname) : notFoundPath(url.pathname));
    const scope = { baseUrl: scimBaseUrl() } as ScimScope; // static documents: no workspace, no database
    const handler = r.handler;
    return handler(
      { req, url, scope, segments: r.segments, touched: {}, requestId: s.requestId, log: s.log },
      r.id ?? "",
    ).catch((e) => failure(e, s.log));
  }

  let verdict: Verdict;
  try {
    verdict = await authorize(req);
  } catch (e) {
    // the database is usually down here: the first query of every request is the token lookup
    return failure(e, s.log);
  }
  const base = { method, path: url.pathname, query: readableQuery(url) };
  if (!verdict.ok) {
    const outcome = {
      touched: {},
      status: verdict.error.status,
      error: verdict.error,
      started: s.started,
      requestId: s.requestId,
      log: s.log,
    };
    if (verdict.who) logEvent({ ...base, ...verdict.who }, outcome);
    return scimErrorResponse(verdict.error, verdict.headers);
  }
  const { auth } = verdict;
  const who: Who = { ...base, workspaceId: auth.workspace.id, tokenId: auth.tokenId, tokenLabel: auth.tokenLabel };
  s.seen.workspaceId = auth.workspace.id;
  const scope = scopeOf(auth, scimBaseUrl());
  const touched: Touched = {};
  let response: Response;
  let error: ScimError | undefined;
  const refused = admission(auth);
  if (refused) {
    error = refused.error;
    response = scimErrorResponse(error, refused.headers);
  } else if (r.key === "bulk" && r.id === undefined) {
    if (method !== "POST") {
      error = methodNotAllowed(method, url.pathname);
      response = scimErrorResponse(error);
    } else {
      // Each operation is a request of its own through the same handlers, logged as its own event; the
      // envelope is logged only when it is refused as a whole (too large, unparseable).
      const run: RunOperation = (opMethod, path, body, headers) =>
        runOperation(req, url, scope, who, s, opMethod, path, body, headers);
      try {
        return await bulk(req, scope.baseUrl, run);
      } catch (e) {
        error = toScimError(e, s.log);
        response = errorResponse(error);
      }
    }
  } else {
    ({ response, error } = await dispatch(r, method, {
      req,
      url,
      scope,
      segments: r.segments,
      touched,
      requestId: s.requestId,
      log: s.log,
    }));
  }
  logEvent(who, {
    touched,
    status: response.status,
    error,
    started: s.started,
    notes: scope.notes,
    requestId: s.requestId,
    log: s.log,
  });
  return response;
}

/** Runs a resolved route's handler; an unknown path is a 404, a known one without the method a 405. */
async function dispatch(
  r: Route,
  method: string,
  request: ScimRequest,
): Promise<{ response: Response; error?: ScimError }> {
  if (!r.handler) {
    const error = r.known ? methodNotAllowed(method, request.url.pathname) : notFoundPath(request.url.pathname);
    return { response: scimErrorResponse(error), error };
  }
  try {
    return { response: await r.handler(request, r.id ?? "") };
  } catch (e) {
    const error = toScimError(e, request.log);
    return { response: errorResponse(error), error };
  }
}

/** One operation of a bulk request, served and logged exactly as the same request sent on its own (with
 * the bulk request's id). */
async function runOperation(
  outer: Request,
  outerUrl: URL,
  outerScope: ScimScope,
  who: Who,
  s: Served,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  const started = performance.now();
  const url = new URL(`/scim/v2${path}`, outerUrl);
  const r = route(pathSegments(url.pathname.replace(/^\/scim\/v2\/?/, "").split("/")), method);
  const req = new Request(url, {
    method,
    headers: {
      ...headers,
      ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }),
      "User-Agent": outer.headers.get("user-agent") ?? "",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const touched: Touched = {};
  const scope = { ...outerScope, notes: [] as string[] };
  // (Discovery documents and /Bulk itself are no operations of a bulk request.)
  const target = r.discovery || r.key === "bulk" ? { ...r, known: false, handler: undefined } : r;
  const { response, error } = await dispatch(target, method, {
    req,
    url,
    scope,
    segments: r.segments,
    touched,
    requestId: s.requestId,
    log: s.log,
  });
  logEvent(
    { ...who, method, path: url.pathname, query: null },
    {
      touched,
      status: response.status,
      error,
      started,
      notes: ["bulk operation", ...scope.notes],
      requestId: s.requestId,
      log: s.log,
    },
  );
  return response;
}
