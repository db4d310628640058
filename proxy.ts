// Runs before Next's router for every request except SCIM's and static assets (see the matcher):
//
// 1. CSRF protection for every state-changing request (anything but GET, HEAD and OPTIONS) to a page, a
//    server action or a route: the browser's Origin must name this host, or, without an Origin, the
//    browser's `Sec-Fetch-Site` must say `same-origin`. That covers server actions called by React (a
//    `Next-Action` header) and the same forms posted without JavaScript (a multipart body with a
//    `$ACTION_ID_…` field and no header, which Next runs too). Next's own check answers a mismatch with
//    a 500 and lets a request without any Origin through; here both are a clean 403 (browsers always send
//    Origin on a POST, so only a forged request lacks it). The session cookie is SameSite=Lax as well.
//    Exempt: SCIM (bearer tokens, no cookies; also outside the matcher), next-auth's endpoints (their own
//    double-submit CSRF token) and the SAML ACS, which the identity provider posts to from its own site
//    by design (the signed response is what is checked there).
// 2. Paths holding a malformed percent-escape (`/scim/v2/Users/100%`, `/w/%ED%A0%80/members`): Next cannot
//    decode such a dynamic segment and answers a bare "500 Internal Server Error" before any route code
//    runs, so they are answered here: a SCIM 404 error under /scim/v2 (no resource has that id; the same
//    answer lib/scim-http/handler.ts gives for such ids), a plain 400 elsewhere.
// 3. A NUL character in the path (400, outside SCIM). (TRACE never gets here: scripts/peer-address.cjs.)
import { NextResponse, type NextRequest } from "next/server";
import { appUrl } from "@/lib/config";
import { errorBody } from "@/lib/scim/errors";
import { SCIM_CONTENT_TYPE } from "@/lib/scim-http/respond";

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  if (!decodable(path)) {
    if (/^\/scim\/v2(\/|$)/i.test(path)) {
      return new Response(
        JSON.stringify(errorBody(404, "No SCIM resource at this path: it contains a malformed percent-escape")),
        {
          status: 404,
          headers: { "Content-Type": SCIM_CONTENT_TYPE, "Cache-Control": "no-store" },
        },
      );
    }
    return text(400, "Bad request: the URL contains a malformed percent-escape.");
  }
  // A NUL character (%00) is no valid slug, id or token anywhere in the app; the database must not see it.
  // (SCIM answers such ids itself, outside this matcher.)
  if (!/^\/scim\/v2(\/|$)/i.test(path) && decodeURIComponent(path).includes("\u0000"))
    return text(400, "Bad request: the URL contains a NUL character.");
  if (!SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.test(path) && !fromThisSite(request)) {
    return text(403, "Forbidden: this form was submitted from another site.");
  }
  // next-auth reads its callback-url cookie through next/headers and answers a value that is no URL of
  // this site with a 500; such a cookie is dropped from the request here (the route handler drops such a
  // callbackUrl parameter itself).
  if (/^\/api\/auth\//.test(path)) {
    const cookie = request.headers.get("cookie");
    if (cookie && /next-auth\.callback-url=/.test(cookie)) {
      const parts = cookie.split(/;\s*/);
      const kept = parts.filter(
        (c) => !/^(__Secure-)?next-auth\.callback-url=/.test(c) || ownUrl(c.slice(c.indexOf("=") + 1)),
      );
      if (kept.length !== parts.length) {
        const headers = new Headers(request.headers);
        headers.set("cookie", kept.join("; "));
        return NextResponse.next({ request: { headers } });
      }
    }
  }
  // Pages read the address they were asked for from this header, so that a signed-out visitor is sent to
  // sign in and then back there (lib/auth/session.ts requireAccount). Set here, so a client cannot choose it.
  if (SAFE_METHODS.has(request.method) && /^\/w\//.test(path)) {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_PATH_HEADER, path + request.nextUrl.search);
    return NextResponse.next({ request: { headers } });
  }
  return NextResponse.next();
}

const REQUEST_PATH_HEADER = "x-request-path";

/** A percent-encoded callback URL that is a path or a URL of this app. */
function ownUrl(encoded: string): boolean {
  try {
    const value = decodeURIComponent(encoded);
    const base = new URL(appUrl());
    const target = new URL(value, base);
    return target.origin === base.origin && /^https?:$/.test(target.protocol);
  } catch {
    return false;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CSRF_EXEMPT = /^\/(?:scim\/v2(?:\/|$)|api\/auth\/|api\/sso\/saml\/[^/]+\/acs\/?$)/i;

/** A request the browser sent from a page of this app: a same-host Origin, or (no Origin at all) the
 * browser's own `Sec-Fetch-Site: same-origin`. */
function fromThisSite(request: NextRequest): boolean {
  if (request.headers.has("origin")) return sameOrigin(request);
  return request.headers.get("sec-fetch-site") === "same-origin";
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
  // SCIM stays out (its hot path; bearer-token auth), except for malformed escapes; so do build assets, and
  // the benchmark's floor route: it stands for what Next.js costs a SCIM request, which this never runs for.
  matcher: ["/(.*%.*)", "/((?!scim/v2/|scim/v2$|api/bench-floor$|_next/static/|_next/image/|favicon\\.ico$).*)"],
};
