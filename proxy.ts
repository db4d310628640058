// Runs before Next's router for two kinds of requests only (see the matcher):
//
// 1. Server action POSTs (a `Next-Action` header): CSRF protection. The browser's Origin must name this
//    host. Next runs the same check itself, but answers a mismatch with a 500 and lets a request without
//    any Origin through; here both are a clean 403 (browsers always send Origin on a POST, so only a forged
//    request lacks it). The session cookie is SameSite=Lax as well, so a cross-site POST carries no session.
// 2. Paths holding a malformed percent-escape (`/scim/v2/Users/100%`, `/w/%ED%A0%80/members`): Next cannot
//    decode such a dynamic segment and answers a bare "500 Internal Server Error" before any route code
//    runs, so they are answered here: a SCIM 404 error under /scim/v2 (no resource has that id; the same
//    answer lib/http/scim/handler.ts gives for such ids), a plain 400 elsewhere.
import { NextResponse, type NextRequest } from "next/server";
import { errorBody } from "@/lib/scim/errors";

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  if (!decodable(path)) {
    if (/^\/scim\/v2(\/|$)/i.test(path)) {
      return new Response(JSON.stringify(errorBody(404, "No SCIM resource at this path: it contains a malformed percent-escape")), {
        status: 404,
        headers: { "Content-Type": "application/scim+json; charset=utf-8" },
      });
    }
    return text(400, "Bad request: the URL contains a malformed percent-escape.");
  }
  if (request.method === "POST" && request.headers.has("next-action") && !sameOrigin(request)) {
    return text(403, "Forbidden: this form was submitted from another site.");
  }
  return NextResponse.next();
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The Origin header names the host the request was sent to (the forwarded host behind a reverse proxy,
 * as Next itself compares). */
function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed or privacy-stripped) and garbage origins
  }
}

function text(status: number, body: string) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export const config = {
  matcher: ["/(.*%.*)", { source: "/:path*", has: [{ type: "header", key: "next-action" }] }],
};
