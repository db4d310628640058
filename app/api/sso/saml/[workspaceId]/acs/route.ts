// SAML Assertion Consumer Service (Reply URL): the IdP posts the signed response here.
import { BODY_LIMITS, BodyTooLarge, payloadTooLarge, readFormLimited } from "@/lib/http/body-limit";
import { finishSso } from "@/lib/services/sso/finish";
import { peekFlow, takeFlow } from "@/lib/services/sso/flow";
import { workspaceWithSso } from "@/lib/services/sso/routing";
import { acceptSamlResponse } from "@/lib/services/sso/saml";
import { SsoError } from "@/lib/sso/errors";
import { errorPath, seeOther } from "@/lib/sso/http";
import { identityFromAttributes } from "@/lib/sso/identity";
import { elementsByLocalName, parseXmlStrict } from "@/lib/sso/xml";

export const dynamic = "force-dynamic";

/** The InResponseTo the (not yet validated) response claims: only used to find where to report. */
function claimedRequestId(samlResponse: string): string | null {
  try {
    const doc = parseXmlStrict(Buffer.from(samlResponse, "base64").toString("utf8"));
    return (
      doc.documentElement.getAttribute("InResponseTo") ||
      elementsByLocalName(doc, "SubjectConfirmationData")[0]?.getAttribute("InResponseTo") ||
      null
    );
  } catch {
    return null;
  }
}

export async function POST(req: Request, ctx: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await ctx.params;
  // Read (within the limit) before anything else, so a large body is refused whatever the workspace.
  let form: FormData | null;
  try {
    form = await readFormLimited(req, BODY_LIMITS.samlAcs);
  } catch (e) {
    if (e instanceof BodyTooLarge) return payloadTooLarge(e);
    throw e;
  }
  const found = await workspaceWithSso(workspaceId);
  if (!found || found.conn.protocol !== "saml") return seeOther(errorPath("not_configured"));
  const { ws, conn } = found;
  const samlResponse = String(form?.get("SAMLResponse") ?? "");
  if (!samlResponse || samlResponse.length > 1_000_000) return seeOther(errorPath("malformed", ws.slug));
  const claimedId = claimedRequestId(samlResponse);
  try {
    const result = await acceptSamlResponse(conn, samlResponse);
    const flow = await takeFlow(result.requestId, ws.id);
    if (!flow) return seeOther(errorPath("request", ws.slug));
    const identity = identityFromAttributes("saml", result.subject, result.attributes, result.nameIdFormat);
    return seeOther(await finishSso(ws, conn, flow, { identity }));
  } catch (e) {
    if (!(e instanceof SsoError)) throw e;
    // A failed "Test SSO" run is reported on the settings page; a failed sign-in on the error page.
    const flow = await peekFlow(claimedId, ws.id);
    if (flow?.test) {
      await takeFlow(claimedId, ws.id);
      return seeOther(await finishSso(ws, conn, flow, { error: e }));
    }
    return seeOther(errorPath(e.code, ws.slug));
  }
}
