// "Sign in with SSO": the email's verified domain selects the workspace, whose IdP gets the request.
import { getDb } from "@/lib/db/client";
import { verifiedDomainForEmail } from "@/lib/services/domains";
import { isConfigured } from "@/lib/services/sso-connections";
import { SsoError } from "@/lib/sso/errors";
import { beginSso } from "@/lib/sso/flow";
import { bindingCookie, seeOther } from "@/lib/sso/http";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const form = await req.formData().catch(() => null);
  const email = String(form?.get("email") ?? "").trim().slice(0, 320);
  const back = (code: string) => seeOther(`/sso?error=${code}&email=${encodeURIComponent(email)}`);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return back("invalid_email");
  const db = await getDb();
  const domain = await verifiedDomainForEmail(db, email);
  if (!domain) return back("unverified_domain");
  const ws = domain.workspace;
  if (ws.plan !== "enterprise") return back("not_enterprise");
  const conn = await db.ssoConnection.findUnique({ where: { workspaceId: ws.id } });
  if (!conn || !isConfigured(conn)) return back("not_configured");
  try {
    const { url, binding } = await beginSso(db, conn, { test: false, loginHint: email });
    return seeOther(url, { "Set-Cookie": bindingCookie(binding) });
  } catch (e) {
    if (e instanceof SsoError) return back(e.code);
    throw e;
  }
}
