// Request bodies are read with a hard limit before anything parses them (issue 13): a declared
// Content-Length over the limit is refused unread, and a streamed body stops being read at the limit.
// SCIM reads with it too (lib/scim-http/body.ts, 1 MB, answered as a SCIM 413); server actions are limited by Next
// (`serverActions.bodySizeLimit`, 1 MB). Route handlers use these.
import { NextRequest } from "next/server";

export const BODY_LIMITS = {
  /** "Sign in with SSO": one email address */
  ssoStart: 16 * 1024,
  /** SAML ACS: a signed response, base64 (at most 1,000,000 characters) and form-encoded */
  samlAcs: 2 * 1024 * 1024,
  /** next-auth: sign-in and sign-out forms */
  auth: 64 * 1024,
} as const;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = "BodyTooLarge";
  }
}

/** The body's bytes, read no further than `limit`; BodyTooLarge past it. */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await req.body?.cancel().catch(() => {});
    throw new BodyTooLarge(limit);
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/** The request's form fields (urlencoded or multipart), read within `limit`; null when unparseable. */
export async function readFormLimited(req: Request, limit: number): Promise<FormData | null> {
  const body = await readBodyLimited(req, limit);
  const type = req.headers.get("content-type") ?? "";
  return new Response(body as BodyInit, { headers: { "Content-Type": type } }).formData().catch(() => null);
}

/** The same request with its body read into memory within `limit` (for handlers that parse it themselves). */
export async function bufferedRequest(req: NextRequest | Request, limit: number): Promise<NextRequest> {
  const method = req.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return req instanceof NextRequest ? req : new NextRequest(req);
  const body = await readBodyLimited(req, limit);
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return new NextRequest(req.url, { method, headers, body: body as BodyInit });
}

export function payloadTooLarge(e: BodyTooLarge): Response {
  return new Response(`${e.message}.`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
