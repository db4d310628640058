// SCIM responses: always `application/scim+json`, errors as RFC 7644 §3.12 bodies, never cached
// (they hold directory data; `Cache-Control: no-store`).
import { ScimError, errorBody } from "@/lib/scim/errors";

/** Exactly this, with no parameter: JSON has no charset parameter (RFC 8259 §11), and strict clients compare the whole value. */
export const SCIM_CONTENT_TYPE = "application/scim+json";

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": SCIM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

export function scimErrorResponse(e: ScimError, headers: Record<string, string> = {}): Response {
  return scimJson(errorBody(e.status, e.detail, e.scimType), e.status, headers);
}

/** 304 Not Modified for a conditional GET whose ETag still matches (no body, the validator repeated). */
export function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { ETag: etag } });
}
