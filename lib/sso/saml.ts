// SAML 2.0 service provider (SP-initiated, HTTP-Redirect request, HTTP-POST response) on @node-saml/node-saml.
// node-saml checks the signature (response or assertion, against the configured certificates only),
// NotBefore/NotOnOrAfter with a small clock skew, the audience and InResponseTo (request ids kept in the
// replay store the caller passes, the database in lib/services/sso, so any server can take the response).
// Here we add what it leaves to the caller: Destination and Recipient must be our ACS URL, the Issuer must
// be the configured IdP, and each assertion id is accepted once (replay).
import crypto from "node:crypto";
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import type { ReplayStore } from "./replay-store";
import { SsoError } from "./errors";
import { samlSpUrls } from "./urls";
import { elementsByLocalName, parseXmlStrict } from "./xml";
import { parseCertificates } from "./saml-metadata";

export const PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
export const CLOCK_SKEW_MS = 2 * 60_000;
export const REQUEST_TTL_MS = 10 * 60_000;

export interface SamlIdpConfig {
  workspaceId: string;
  samlEntityId: string | null;
  samlSsoUrl: string | null;
  samlCert: string | null;
}

export interface SamlIdentity {
  subject: string;
  nameIdFormat: string | null;
  attributes: Record<string, string | string[]>;
  requestId: string;
}

/** node-saml's request-id cache on top of the replay store. */
function requestCache(store: ReplayStore): CacheProvider {
  const k = (key: string) => `saml-req:${key}`;
  return {
    async saveAsync(key, value) {
      return (await store.put(k(key), value, REQUEST_TTL_MS)) ? { value, createdAt: Date.now() } : null;
    },
    getAsync: (key) => store.peek(k(key)),
    removeAsync: async (key) => (key ? store.take(k(key)) : null),
  };
}

function samlFor(store: ReplayStore, conn: SamlIdpConfig, requestId?: string) {
  if (!conn.samlEntityId || !conn.samlSsoUrl || !conn.samlCert) throw new SsoError("not_configured");
  const sp = samlSpUrls(conn.workspaceId);
  return new SAML({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: conn.samlSsoUrl,
    idpCert: parseCertificates(conn.samlCert),
    idpIssuer: conn.samlEntityId,
    audience: sp.entityId,
    identifierFormat: PERSISTENT,
    // Either the response or the assertion must carry a valid signature (Entra signs the assertion,
    // Okta the response and/or assertion); node-saml refuses a response with neither.
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: requestCache(store),
    // Entra and Okta reject a requested PasswordProtectedTransport context for passwordless users.
    disableRequestedAuthnContext: true,
    ...(requestId ? { generateUniqueId: () => requestId } : {}),
  });
}

/** Starts a sign-in: returns the IdP URL to redirect to and the request id (for the flow's state). */
export async function samlAuthorizeUrl(store: ReplayStore, conn: SamlIdpConfig, relayState: string) {
  const requestId = `_${crypto.randomBytes(20).toString("hex")}`;
  const url = await samlFor(store, conn, requestId).getAuthorizeUrlAsync(relayState, undefined, {});
  return { url, requestId };
}

function classify(message: string): SsoError {
  const m = message.toLowerCase();
  if (m.includes("signature")) return new SsoError("signature");
  if (m.includes("audience")) return new SsoError("audience");
  if (m.includes("expired") || m.includes("not yet valid") || m.includes("no valid subject confirmation"))
    return new SsoError("expired");
  if (m.includes("inresponseto")) return new SsoError("request");
  if (m.includes("issuer")) return new SsoError("issuer");
  if (m.includes("saml provider returned")) return new SsoError("idp_error");
  return new SsoError("malformed");
}

/** What the response claims before validation: only used to pick the right error and for replay keys. */
function peek(xml: string) {
  let doc: Document;
  try {
    doc = parseXmlStrict(xml);
  } catch {
    throw new SsoError("malformed");
  }
  const root = doc.documentElement;
  if (root.localName !== "Response") throw new SsoError("malformed");
  const assertions = elementsByLocalName(root, "Assertion").filter((a) => a.parentNode === root);
  return {
    destination: root.getAttribute("Destination"),
    inResponseTo: root.getAttribute("InResponseTo"),
    assertionId: assertions.length === 1 ? assertions[0].getAttribute("ID") : null,
  };
}

const replayKey = (workspaceId: string, assertionId: string) => `saml-assertion:${workspaceId}:${assertionId}`;

/** Validates a SAMLResponse (base64 from the ACS POST) and consumes its assertion id. */
export async function validateSamlResponse(
  store: ReplayStore,
  conn: SamlIdpConfig,
  samlResponse: string,
): Promise<SamlIdentity> {
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  const claimed = peek(xml);
  const acs = samlSpUrls(conn.workspaceId).acsUrl;
  if (claimed.assertionId && (await store.peek(replayKey(conn.workspaceId, claimed.assertionId))) !== null) {
    throw new SsoError("replayed");
  }
  if (claimed.destination && claimed.destination !== acs) throw new SsoError("recipient");
  let profile: Profile | null;
  try {
    profile = (await samlFor(store, conn).validatePostResponseAsync({ SAMLResponse: samlResponse })).profile;
  } catch (e) {
    throw e instanceof SsoError ? e : classify((e as Error).message ?? "");
  }
  if (!profile) throw new SsoError("malformed");
  // node-saml checks the issuer of logout messages only; the assertion's issuer is checked here.
  if (profile.issuer !== conn.samlEntityId) throw new SsoError("issuer");
  // From here on, only the validated (signed) assertion is read.
  const assertion = (profile.getAssertion?.() as { Assertion?: SignedAssertion } | undefined)?.Assertion;
  if (!assertion) throw new SsoError("malformed");
  const recipients = (assertion.Subject?.[0]?.SubjectConfirmation ?? [])
    .map((c) => c.SubjectConfirmationData?.[0]?.$?.Recipient)
    .filter(Boolean);
  if (!recipients.length || recipients.some((r) => r !== acs)) throw new SsoError("recipient");
  const assertionId = assertion.$?.ID;
  if (!assertionId) throw new SsoError("malformed");
  const notOnOrAfter = Date.parse(assertion.Conditions?.[0]?.$?.NotOnOrAfter ?? "") || Date.now() + REQUEST_TTL_MS;
  const ttl = Math.max(notOnOrAfter - Date.now(), 0) + CLOCK_SKEW_MS + 60_000;
  if (!(await store.put(replayKey(conn.workspaceId, assertionId), "1", ttl))) throw new SsoError("replayed");
  if (!profile.nameID) throw new SsoError("no_subject");
  return {
    subject: profile.nameID,
    nameIdFormat: profile.nameIDFormat ?? null,
    attributes: flattenAttributes(profile.attributes),
    requestId: String(profile.inResponseTo ?? claimed.inResponseTo ?? ""),
  };
}

interface SignedAssertion {
  $?: { ID?: string };
  Conditions?: { $?: { NotOnOrAfter?: string } }[];
  Subject?: { SubjectConfirmation?: { SubjectConfirmationData?: { $?: { Recipient?: string } }[] }[] }[];
}

function flattenAttributes(raw: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!raw || typeof raw !== "object") return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === "string") out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}

const NO_REQUESTS: CacheProvider = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
};

/** The SP metadata document for this workspace (entity ID, ACS URL, NameID format). Writing it reads no
 * request ids, so node-saml gets a cache that holds nothing. */
export function spMetadataXml(workspaceId: string): string {
  const sp = samlSpUrls(workspaceId);
  const saml = new SAML({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    idpCert: "unused-for-metadata",
    identifierFormat: PERSISTENT,
    cacheProvider: NO_REQUESTS,
  });
  return saml.generateServiceProviderMetadata(null, null);
}
