// A SAML 2.0 identity provider for tests, on loopback: serves its metadata, takes SP-initiated
// HTTP-Redirect AuthnRequests, shows a login page (pick a user by email) and posts a signed Response to
// the ACS. Signing is done with xml-crypto (RSA-SHA256, exclusive c14n) with a throwaway key pair and a
// self-signed certificate. `fault` makes the next responses wrong on purpose, to test rejections.
import http from "node:http";
import type { AddressInfo } from "node:net";
import crypto from "node:crypto";
import zlib from "node:zlib";
import { SignedXml } from "xml-crypto";
import { generate } from "selfsigned";

export interface IdpUser {
  nameId: string;
  email: string;
  firstName?: string;
  lastName?: string;
}

export type SamlFault = "none" | "unsigned" | "wrong-key" | "wrong-audience" | "expired" | "wrong-recipient";

export interface IssueOptions {
  requestId: string;
  acsUrl: string;
  audience: string;
  user: IdpUser;
  fault?: SamlFault;
  /** sign the whole Response instead of the Assertion (Okta-style) */
  signResponse?: boolean;
  /** explicit validity window (ms since the epoch) instead of "30 s ago … in 5 minutes", e.g. an IdP whose clock is off */
  validity?: { notBefore: number; notOnOrAfter: number };
}

export interface TestSamlIdp {
  url: string;
  entityId: string;
  ssoUrl: string;
  metadataUrl: string;
  cert: string;
  metadataXml: string;
  users: Map<string, IdpUser>;
  fault: SamlFault;
  signResponse: boolean;
  /** the last SAMLResponse posted to an ACS (base64) and where */
  last: { samlResponse: string; acsUrl: string; relayState: string } | null;
  issue(opts: IssueOptions): string;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const certBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");

async function keyPair(cn: string) {
  const pems = await generate([{ name: "commonName", value: cn }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    algorithm: "sha256",
  });
  return { key: pems.private, cert: pems.cert };
}

function sign(xml: string, key: string, cert: string, target: "Assertion" | "Response"): string {
  const sig = new SignedXml({
    privateKey: key,
    publicCert: cert,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  sig.addReference({
    xpath: `//*[local-name(.)='${target}']`,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  sig.computeSignature(xml, {
    location: { reference: `//*[local-name(.)='${target}']/*[local-name(.)='Issuer']`, action: "after" },
  });
  return sig.getSignedXml();
}

export async function startSamlIdp(): Promise<TestSamlIdp> {
  const good = await keyPair("Test IdP");
  const rogue = await keyPair("Rogue IdP");
  const server = http.createServer((req, res) =>
    handle(req, res).catch((e) => {
      res.statusCode = 500;
      res.end(String(e));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${url}/idp`;

  const idp: TestSamlIdp = {
    url,
    entityId,
    ssoUrl: `${url}/sso`,
    metadataUrl: `${url}/metadata`,
    cert: good.cert,
    metadataXml: `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certBody(good.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${url}/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${url}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`,
    users: new Map(),
    fault: "none",
    signResponse: false,
    last: null,
    issue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function issue(o: IssueOptions): string {
    const fault = o.fault ?? "none";
    const now = Date.now();
    const [notBefore, notOnOrAfter] = o.validity
      ? [o.validity.notBefore, o.validity.notOnOrAfter]
      : fault === "expired"
        ? [now - 60 * 60_000, now - 30 * 60_000]
        : [now - 30_000, now + 5 * 60_000];
    const audience = fault === "wrong-audience" ? "https://some-other-app.example/saml" : o.audience;
    const recipient = fault === "wrong-recipient" ? "https://some-other-app.example/acs" : o.acsUrl;
    const responseId = `_r${crypto.randomBytes(16).toString("hex")}`;
    const assertionId = `_a${crypto.randomBytes(16).toString("hex")}`;
    const attr = (name: string, value?: string) =>
      value
        ? `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue>${esc(value)}</saml:AttributeValue></saml:Attribute>`
        : "";
    const assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(fault === "expired" ? notBefore : now)}">` +
      `<saml:Issuer>${esc(entityId)}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${esc(o.user.nameId)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${esc(o.requestId)}" NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${esc(recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${esc(audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>${attr("email", o.user.email)}${attr("firstName", o.user.firstName)}${attr("lastName", o.user.lastName)}</saml:AttributeStatement>` +
      `</saml:Assertion>`;
    const response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${iso(now)}" Destination="${esc(o.acsUrl)}" InResponseTo="${esc(o.requestId)}">` +
      `<saml:Issuer>${esc(entityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      `__ASSERTION__</samlp:Response>`;
    const keys = fault === "wrong-key" ? rogue : good;
    let xml: string;
    if (fault === "unsigned") xml = response.replace("__ASSERTION__", assertion);
    else if (o.signResponse) xml = sign(response.replace("__ASSERTION__", assertion), keys.key, keys.cert, "Response");
    else xml = response.replace("__ASSERTION__", sign(assertion, keys.key, keys.cert, "Assertion"));
    return Buffer.from(xml, "utf8").toString("base64");
  }

  function postForm(res: http.ServerResponse, acsUrl: string, samlResponse: string, relayState: string) {
    idp.last = { samlResponse, acsUrl, relayState };
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(
      `<!doctype html><html><body><p>Signing you in…</p><form id="f" method="post" action="${esc(acsUrl)}">` +
        `<input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}"/><input type="hidden" name="RelayState" value="${esc(relayState)}"/>` +
        `<noscript><button type="submit">Continue</button></noscript></form><script>document.getElementById("f").submit()</script></body></html>`,
    );
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const u = new URL(req.url ?? "/", url);
    if (u.pathname === "/metadata") {
      res.setHeader("Content-Type", "application/samlmetadata+xml");
      res.end(idp.metadataXml);
      return;
    }
    if (u.pathname === "/sso" && req.method === "GET") {
      const raw = zlib.inflateRawSync(Buffer.from(u.searchParams.get("SAMLRequest") ?? "", "base64")).toString("utf8");
      const requestId = /\sID="([^"]+)"/.exec(raw)?.[1] ?? "";
      const acsUrl = /AssertionConsumerServiceURL="([^"]+)"/.exec(raw)?.[1] ?? "";
      const audience = /<saml:Issuer[^>]*>([^<]+)</.exec(raw)?.[1] ?? "";
      const relay = u.searchParams.get("RelayState") ?? "";
      const hidden = (n: string, v: string) => `<input type="hidden" name="${n}" value="${esc(v)}"/>`;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(
        `<!doctype html><html><head><title>Test IdP</title></head><body><h1>Test identity provider (SAML)</h1>` +
          `<form method="post" action="/login">${hidden("requestId", requestId)}${hidden("acsUrl", acsUrl)}${hidden("audience", audience)}${hidden("relay", relay)}` +
          `<label>IdP username <input name="username" autocomplete="off"/></label> <button type="submit">Sign in at IdP</button></form></body></html>`,
      );
      return;
    }
    if (u.pathname === "/login" && req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const f = new URLSearchParams(body);
      const user = idp.users.get((f.get("username") ?? "").toLowerCase());
      if (!user) {
        res.statusCode = 401;
        res.end("Unknown user at the test IdP");
        return;
      }
      const samlResponse = issue({
        requestId: f.get("requestId")!,
        acsUrl: f.get("acsUrl")!,
        audience: f.get("audience")!,
        user,
        fault: idp.fault,
        signResponse: idp.signResponse,
      });
      postForm(res, f.get("acsUrl")!, samlResponse, f.get("relay") ?? "");
      return;
    }
    if (u.pathname === "/replay" && idp.last) {
      // Posts the last response again, as an attacker who captured it would.
      postForm(res, idp.last.acsUrl, idp.last.samlResponse, idp.last.relayState);
      return;
    }
    res.statusCode = 404;
    res.end("not found");
  }

  return idp;
}
