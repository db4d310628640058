// Shared setup for SSO integration tests: a workspace with a verified domain, a SCIM-provisioned
// member, and helpers that drive the real route handlers in-process.
import zlib from "node:zlib";
import { POST as acsPost } from "@/app/api/sso/saml/[workspaceId]/acs/route";
import { GET as oidcGet } from "@/app/api/sso/oidc/[workspaceId]/callback/route";
import { getDb } from "@/lib/db/client";
import { beginSso } from "@/lib/services/sso/flow";
import { saveSamlSettings } from "@/lib/services/sso/connections";
import { parseIdpMetadata } from "@/lib/sso/saml-metadata";
import type { TestSamlIdp } from "./saml-idp";
import { USER } from "./scim-client";
import { newWorkspace, uid } from "./workspace";

export async function ssoWorkspace() {
  const ws = await newWorkspace();
  const domain = `${uid("corp")}.test`;
  await ws.db.domain.create({
    data: {
      workspaceId: ws.workspace.id,
      domain,
      verificationToken: "x",
      expiresAt: new Date(Date.now() + 86_400_000),
      verifiedAt: new Date(),
      verifiedDomain: domain,
    },
  });
  return { ...ws, domain };
}

/** Provisions a member over SCIM (as Entra would) and returns its id. */
export async function scimMember(
  api: Awaited<ReturnType<typeof newWorkspace>>["api"],
  userName: string,
  externalId = uid("ext"),
) {
  const res = await api.post("/Users", {
    schemas: [USER],
    userName,
    externalId,
    active: true,
    name: { givenName: "Pat", familyName: "Doe" },
    emails: [{ value: userName, type: "work", primary: true }],
  });
  if (res.status !== 201) throw new Error(`SCIM create failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export async function connectSaml(workspaceId: string, idp: TestSamlIdp) {
  const m = parseIdpMetadata(idp.metadataXml);
  return saveSamlSettings(workspaceId, { entityId: m.entityId, ssoUrl: m.ssoUrl, cert: m.certs.join("") });
}

/** Starts a flow like the browser would and returns the AuthnRequest's id, ACS URL and audience. */
export async function startSaml(workspaceId: string, opts: { test?: boolean; binding?: string } = {}) {
  const conn = await (await getDb()).ssoConnection.findUniqueOrThrow({ where: { workspaceId } });
  const { url } = await beginSso(conn, { test: !!opts.test, binding: opts.binding ?? "browser-1" });
  const raw = zlib
    .inflateRawSync(Buffer.from(new URL(url).searchParams.get("SAMLRequest")!, "base64"))
    .toString("utf8");
  return {
    requestId: /\sID="([^"]+)"/.exec(raw)![1],
    acsUrl: /AssertionConsumerServiceURL="([^"]+)"/.exec(raw)![1],
    audience: /<saml:Issuer[^>]*>([^<]+)</.exec(raw)![1],
    url,
  };
}

/** Posts a SAMLResponse to the ACS route handler; returns the redirect location (path + hash). */
export async function postAcs(workspaceId: string, samlResponse: string): Promise<string> {
  const body = new URLSearchParams({ SAMLResponse: samlResponse, RelayState: "r" });
  const req = new Request(`http://localhost:3000/api/sso/saml/${workspaceId}/acs`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  const res = await acsPost(req, { params: Promise.resolve({ workspaceId }) });
  return relative(res);
}

export async function getOidcCallback(workspaceId: string, url: string): Promise<string> {
  const res = await oidcGet(new Request(url), { params: Promise.resolve({ workspaceId }) });
  return relative(res);
}

function relative(res: Response): string {
  if (res.status !== 303) throw new Error(`expected a redirect, got ${res.status}`);
  const loc = new URL(res.headers.get("Location")!);
  return `${loc.pathname}${loc.search}${loc.hash}`;
}

export function errorCode(location: string): string | null {
  return location.startsWith("/sso/error") ? new URL(location, "http://x").searchParams.get("code") : null;
}

export function ticketOf(location: string): string | null {
  return /#ticket=([^&]+)/.exec(location)?.[1] ?? null;
}

/** Runs the browser's part of an OIDC sign-in against the test OP with a cookie jar: picks `username` on its
 * login page and returns the callback URL (starting with `redirectUrl`) the OP redirects to. */
export async function loginAtOp(authorizeUrl: string, username: string, redirectUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  async function go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers ?? {}), cookie: cookieHeader() },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  let res = await go(authorizeUrl);
  let url = new URL(res.headers.get("location")!, authorizeUrl).toString();
  res = await go(url);
  if (res.status !== 200) throw new Error(`the OP's login page answered ${res.status}`);
  res = await go(`${url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `username=${encodeURIComponent(username)}`,
  });
  for (let i = 0; i < 5 && res.status >= 300 && res.status < 400; i++) {
    url = new URL(res.headers.get("location")!, url).toString();
    if (url.startsWith(redirectUrl)) return url;
    res = await go(url);
  }
  throw new Error(`the OP did not redirect back (status ${res.status}: ${await res.text()})`);
}
