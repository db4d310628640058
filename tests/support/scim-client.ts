// The SCIM client for integration tests: the real SCIM handler called in-process with real Request
// objects, against the real database (see global-setup.ts); plus the SCIM schema URNs.
import { handleScim } from "@/lib/scim-http/handler";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";

export const BASE = "http://localhost:3000/scim/v2";

export interface ScimResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export interface ScimCallOptions {
  token?: string | null;
  body?: unknown;
  /** raw body (sent as is: text, or bytes that need not be UTF-8) */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** Sends one SCIM request. `path` is relative to /scim/v2, e.g. `/Users?filter=…`. */
export async function scim(method: string, path: string, opts: ScimCallOptions = {}): Promise<ScimResult> {
  const url = new URL(BASE + path);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | Uint8Array | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] ??= "application/scim+json";
  }
  const req = new Request(url, { method, headers, body: body as BodyInit | undefined });
  const segments = url.pathname.replace(/^\/scim\/v2\/?/, "").split("/");
  const res = await handleScim(req, segments);
  // The provisioning log is written in batches (provisioning-log.ts); tests read it right after a request.
  await flushProvisioningLog();
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A bound client for one token. */
export function client(token: string | null) {
  return {
    get: (path: string, o: Omit<ScimCallOptions, "token"> = {}) => scim("GET", path, { ...o, token }),
    post: (path: string, body: unknown, o: Omit<ScimCallOptions, "token" | "body"> = {}) =>
      scim("POST", path, { ...o, body, token }),
    put: (path: string, body: unknown, o: Omit<ScimCallOptions, "token" | "body"> = {}) =>
      scim("PUT", path, { ...o, body, token }),
    patch: (path: string, body: unknown, o: Omit<ScimCallOptions, "token" | "body"> = {}) =>
      scim("PATCH", path, { ...o, body, token }),
    delete: (path: string, o: Omit<ScimCallOptions, "token"> = {}) => scim("DELETE", path, { ...o, token }),
  };
}

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

export const patchOps = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
