// OpenID Connect redirect URI: the IdP returns the authorization code here.
import { appUrl } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { SsoError } from "@/lib/sso/errors";
import { errorPath, finishSso } from "@/lib/sso/finish";
import { takeFlow } from "@/lib/sso/flow";
import { seeOther, workspaceWithSso } from "@/lib/sso/http";
import { completeOidc } from "@/lib/sso/oidc";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await ctx.params;
  const db = await getDb();
  const found = await workspaceWithSso(db, workspaceId);
  if (!found || found.conn.protocol !== "oidc") return seeOther(errorPath("not_configured"));
  const { ws, conn } = found;
  const incoming = new URL(req.url);
  // The state is single use: a second request with it finds nothing.
  const flow = await takeFlow(db, incoming.searchParams.get("state"), ws.id);
  if (!flow || flow.protocol !== "oidc" || !flow.state || !flow.verifier || !flow.nonce) return seeOther(errorPath("request", ws.slug));
  // Validate against the public callback URL, not the host the request reached us on.
  const callbackUrl = new URL(`${appUrl()}${incoming.pathname}${incoming.search}`);
  try {
    const identity = await completeOidc(conn, callbackUrl, { state: flow.state, verifier: flow.verifier, nonce: flow.nonce });
    return seeOther(await finishSso(db, ws, conn, flow, { identity }));
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    return seeOther(await finishSso(db, ws, conn, flow, { error: e }));
  }
}
