import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { appUrl } from "@/lib/config";
import { authOptions, safeRedirect } from "@/lib/auth/options";
import { BODY_LIMITS, BodyTooLarge, bufferedRequest, payloadTooLarge } from "@/lib/http/body-limit";

export const dynamic = "force-dynamic";

// Built per request so that `next build` never needs the auth secret. The body is read within a limit
// before next-auth parses it (lib/http/body-limit.ts).
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  let limited: NextRequest;
  try {
    limited = await bufferedRequest(req, BODY_LIMITS.auth);
  } catch (e) {
    if (e instanceof BodyTooLarge) return payloadTooLarge(e);
    throw e;
  }
  return NextAuth(authOptions())(await withoutForeignCallbackUrl(limited), ctx);
}

const CALLBACK_COOKIE = /^(__Secure-)?next-auth\.callback-url$/;

/** next-auth answers a callbackUrl that is no URL of this site (`http://[`, `javascript:…`, another
 * host) with a 500 configuration error, from the query, the form or its callback-url cookie. Such a
 * value is dropped here, so sign-in goes on to the default page instead. */
async function withoutForeignCallbackUrl(req: NextRequest): Promise<NextRequest> {
  const base = appUrl();
  const foreign = (v: string | null) => v !== null && safeRedirect(v, base) === base;
  const url = new URL(req.url);
  const headers = new Headers(req.headers);
  let changed = false;
  if (foreign(url.searchParams.get("callbackUrl"))) {
    url.searchParams.delete("callbackUrl");
    changed = true;
  }
  const cookie = headers.get("cookie");
  if (cookie) {
    const kept = cookie.split(/;\s*/).filter((c) => {
      const eq = c.indexOf("=");
      if (eq < 0 || !CALLBACK_COOKIE.test(c.slice(0, eq))) return true;
      let value: string;
      try {
        value = decodeURIComponent(c.slice(eq + 1));
      } catch {
        return false;
      }
      return !foreign(value);
    });
    if (kept.length !== cookie.split(/;\s*/).length) {
      headers.set("cookie", kept.join("; "));
      changed = true;
    }
  }
  let body: string | undefined;
  if (req.method === "POST" && (headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    const text = await req.clone().text();
    const form = new URLSearchParams(text);
    if (foreign(form.get("callbackUrl"))) {
      form.delete("callbackUrl");
      changed = true;
    }
    body = form.toString();
  }
  if (!changed) return req;
  return new NextRequest(url, { method: req.method, headers, ...(body !== undefined ? { body } : {}) });
}

export { handler as GET, handler as POST };
