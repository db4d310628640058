// Small helpers shared by the SSO route handlers.
import { appUrl } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { isConfigured } from "@/lib/services/sso-connections";
import { BINDING_COOKIE } from "./flow";
import { REQUEST_TTL_MS } from "./saml";

/** 303 to a path of this app (always on APP_URL, never on a host taken from the request). */
export function seeOther(pathOrUrl: string, headers: Record<string, string> = {}): Response {
  const location = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${appUrl()}${pathOrUrl}`;
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store", ...headers } });
}

export function bindingCookie(value: string): string {
  const secure = appUrl().startsWith("https://") ? "; Secure" : "";
  return `${BINDING_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${REQUEST_TTL_MS / 1000}${secure}`;
}

/** The workspace and its configured SSO connection, or null. */
export async function workspaceWithSso(db: Db, workspaceId: string) {
  const ws = await db.workspace.findUnique({ where: { id: workspaceId }, include: { ssoConnection: true } });
  if (!ws || !isConfigured(ws.ssoConnection)) return null;
  return { ws, conn: ws.ssoConnection! };
}
