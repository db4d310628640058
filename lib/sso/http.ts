// Small helpers shared by the SSO route handlers: redirects on APP_URL and the browser-binding cookie.
import { appUrl } from "@/lib/config";
import { REQUEST_TTL_MS } from "./saml";

/** The cookie that binds a sign-in to the browser that started it (the login ticket must match its hash). */
export const BINDING_COOKIE = "sso_binding";

/** 303 to a path of this app (always on APP_URL, never on a host taken from the request). */
export function seeOther(pathOrUrl: string, headers: Record<string, string> = {}): Response {
  const location = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${appUrl()}${pathOrUrl}`;
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store", ...headers } });
}

export function errorPath(code: string, slug?: string) {
  return `/sso/error?code=${encodeURIComponent(code)}${slug ? `&workspace=${encodeURIComponent(slug)}` : ""}`;
}

export function bindingCookie(value: string): string {
  const secure = appUrl().startsWith("https://") ? "; Secure" : "";
  return `${BINDING_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${REQUEST_TTL_MS / 1000}${secure}`;
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}
