// "Sign in with SSO": the email's verified domain selects the workspace, whose IdP gets the request.
import { BODY_LIMITS, BodyTooLarge, payloadTooLarge, readFormLimited } from "@/lib/http/body-limit";
import { beginSso } from "@/lib/services/sso/flow";
import { ssoConnectionForEmail } from "@/lib/services/sso/routing";
import { SsoError } from "@/lib/sso/errors";
import { bindingCookie, seeOther } from "@/lib/sso/http";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A page that moves on to the IdP. Not a redirect: the CSP's form-action 'self' would block a form
 * submission that redirects to another origin. */
function continueTo(url: string, cookie: string): Response {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${esc(url)}"><title>Continuing to your identity provider…</title></head>` +
    `<body><p>Continuing to your identity provider… <a href="${esc(url)}">Continue</a></p></body></html>`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Set-Cookie": cookie,
      "Referrer-Policy": "no-referrer",
    },
  });
}

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  let form: FormData | null;
  try {
    form = await readFormLimited(req, BODY_LIMITS.ssoStart);
  } catch (e) {
    if (e instanceof BodyTooLarge) return payloadTooLarge(e);
    throw e;
  }
  const email = String(form?.get("email") ?? "")
    .trim()
    .slice(0, 320);
  const back = (code: string) => seeOther(`/sso?error=${code}&email=${encodeURIComponent(email)}`);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return back("invalid_email");
  const found = await ssoConnectionForEmail(email);
  if ("refused" in found) return back(found.refused);
  try {
    const { url, binding } = await beginSso(found.conn, { test: false, loginHint: email });
    return continueTo(url, bindingCookie(binding));
  } catch (e) {
    if (e instanceof SsoError) return back(e.code);
    throw e;
  }
}
