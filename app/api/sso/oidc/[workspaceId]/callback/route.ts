// OpenID Connect redirect URI: the IdP returns the authorization code here.
import { appUrl } from "@/lib/config";
import { finishSso } from "@/lib/services/sso/finish";
import { takeFlow } from "@/lib/services/sso/flow";
import { workspaceWithSso } from "@/lib/services/sso/routing";
import { SsoError } from "@/lib/sso/errors";
import { errorPath, seeOther } from "@/lib/sso/http";
import { completeOidc } from "@/lib/sso/oidc";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await ctx.params;
  const found = await workspaceWithSso(workspaceId);
  if (!found || found.conn.protocol !== "oidc") return seeOther(errorPath("not_configured"));
  const { ws, conn } = found;
  const incoming = new URL(req.url);
  // The state is single use: a second request with it finds nothing.
  const flow = await takeFlow(incoming.searchParams.get("state"), ws.id);
  if (!flow || flow.protocol !== "oidc" || !flow.state || !flow.verifier || !flow.nonce)
    return seeOther(errorPath("request", ws.slug));
  // Validate against the public callback URL, not the host the request reached us on.
  const callbackUrl = new URL(`${appUrl()}${incoming.pathname}${incoming.search}`);
  try {
    const identity = await completeOidc(conn, callbackUrl, {
      state: flow.state,
      verifier: flow.verifier,
      nonce: flow.nonce,
    });
    return seeOther(await finishSso(ws, conn, flow, { identity }));
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    return seeOther(await finishSso(ws, conn, flow, { error: e }));
  }
}
