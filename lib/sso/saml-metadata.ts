// Reads what the service provider needs from IdP metadata (Entra "Federation Metadata XML", Okta
// "Identity Provider metadata"): the entity ID, the SSO URL and the signing certificates.
import crypto from "node:crypto";
import { SSO_FETCH_ERROR, SsoFetchError, safeFetch } from "./safe-fetch";
import { elementsByLocalName, parseXmlStrict, XmlError } from "./xml";

export interface IdpSettings {
  entityId: string;
  ssoUrl: string;
  /** PEM certificates */
  certs: string[];
}

const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

export function toPem(base64OrPem: string): string {
  const body = base64OrPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** Splits pasted text into PEM certificates, checking that each parses as X.509. */
export function parseCertificates(text: string): string[] {
  const blocks =
    text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? (text.trim() ? [text.trim()] : []);
  return blocks.map((b) => {
    const pem = toPem(b);
    try {
      new crypto.X509Certificate(pem);
    } catch {
      throw new XmlError("The signing certificate is not a valid X.509 certificate (paste the Base64 or PEM text)");
    }
    return pem;
  });
}

export function parseIdpMetadata(xml: string): IdpSettings {
  const doc = parseXmlStrict(xml);
  const entity = elementsByLocalName(doc, "EntityDescriptor")[0];
  const entityId = entity?.getAttribute("entityID") ?? "";
  const idp = elementsByLocalName(doc, "IDPSSODescriptor")[0];
  if (!entityId || !idp)
    throw new XmlError("This is not SAML identity provider metadata (no EntityDescriptor with an IDPSSODescriptor)");
  const services = elementsByLocalName(idp, "SingleSignOnService");
  const pick = (binding: string) =>
    services.find((s) => s.getAttribute("Binding") === binding)?.getAttribute("Location");
  const ssoUrl = pick(REDIRECT) ?? pick(POST) ?? "";
  if (!ssoUrl)
    throw new XmlError("The metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding");
  const certs = elementsByLocalName(idp, "KeyDescriptor")
    .filter((k) => (k.getAttribute("use") ?? "signing") === "signing")
    .flatMap((k) => elementsByLocalName(k, "X509Certificate"))
    .map((c) => c.textContent ?? "")
    .filter((t) => t.trim());
  if (!certs.length) throw new XmlError("The metadata has no signing certificate");
  return { entityId, ssoUrl, certs: [...new Set(certs.flatMap((c) => parseCertificates(c)))] };
}

/** Fetches metadata from the IdP's metadata URL under lib/sso/safe-fetch.ts's rules (public https only,
 * every redirect hop checked, 1 MB, `timeoutMs`); any failure to fetch is the one generic message. */
export async function fetchIdpMetadata(url: string, timeoutMs = 10_000): Promise<IdpSettings> {
  let text: string;
  try {
    const res = await safeFetch(url, {
      timeoutMs,
      headers: { Accept: "application/samlmetadata+xml, application/xml, text/xml" },
    });
    if (res.status !== 200) throw new SsoFetchError(`HTTP ${res.status}`);
    text = await res.text();
  } catch (e) {
    if (e instanceof SsoFetchError) throw new XmlError(SSO_FETCH_ERROR);
    throw e;
  }
  return parseIdpMetadata(text);
}
