// OpenID Connect relying party on openid-client: issuer discovery, authorization code flow with PKCE,
// state and nonce; the ID token's signature, issuer, audience, expiry and nonce are checked by the library.
import * as client from "openid-client";
import { open } from "./secret-box";
import { SsoError } from "./errors";
import { identityFromAttributes, type AssertedIdentity } from "./identity";
import { oidcRedirectUrl } from "./urls";
import { SSO_FETCH_ERROR, isAllowedHost, safeFetchForOidc } from "./safe-fetch";

export interface OidcIdpConfig {
  workspaceId: string;
  oidcIssuer: string | null;
  oidcClientId: string | null;
  oidcClientSecret: string | null;
}

const cache = new Map<string, { config: client.Configuration; at: number }>();
const CACHE_MS = 10 * 60_000;

/** Discovers the issuer (cached for 10 minutes per issuer + client). Every request (discovery, keys, token,
 * userinfo) goes through lib/sso/safe-fetch.ts: public https only, plain http and internal addresses only
 * for hosts in SSO_FETCH_ALLOW_HOSTS. */
export async function oidcConfiguration(conn: OidcIdpConfig): Promise<client.Configuration> {
  if (!conn.oidcIssuer || !conn.oidcClientId || !conn.oidcClientSecret) throw new SsoError("not_configured");
  const secret = open(conn.oidcClientSecret);
  if (!secret) throw new SsoError("not_configured", "the stored client secret cannot be decrypted; enter it again");
  const key = `${conn.oidcIssuer}|${conn.oidcClientId}|${conn.oidcClientSecret}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.config;
  let issuer: URL;
  try {
    issuer = new URL(conn.oidcIssuer);
  } catch {
    throw new SsoError("unreachable", SSO_FETCH_ERROR);
  }
  const insecure = issuer.protocol === "http:" && isAllowedHost(issuer);
  let config: client.Configuration;
  try {
    const probe = await client.discovery(issuer, conn.oidcClientId, undefined, client.ClientSecretBasic(secret), {
      timeout: 10,
      [client.customFetch]: safeFetchForOidc,
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
    // Use the client authentication the issuer supports (Entra and Okta take both; basic is the default).
    const methods = probe.serverMetadata().token_endpoint_auth_methods_supported;
    config =
      methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post")
        ? new client.Configuration(
            probe.serverMetadata(),
            conn.oidcClientId,
            undefined,
            client.ClientSecretPost(secret),
          )
        : probe;
    config[client.customFetch] = safeFetchForOidc;
    if (insecure) client.allowInsecureRequests(config);
  } catch {
    // One message whatever went wrong, so the answer cannot be used to probe addresses and ports.
    throw new SsoError("unreachable", SSO_FETCH_ERROR);
  }
  cache.set(key, { config, at: Date.now() });
  return config;
}

/** Checks the settings by running discovery; returns a message for the form, or null when fine. */
export async function checkOidcSettings(conn: OidcIdpConfig): Promise<string | null> {
  try {
    await oidcConfiguration(conn);
    return null;
  } catch (e) {
    return e instanceof SsoError && e.code === "unreachable" ? SSO_FETCH_ERROR : (e as Error).message;
  }
}

export async function oidcAuthorizeUrl(conn: OidcIdpConfig, loginHint?: string | null) {
  const config = await oidcConfiguration(conn);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidcRedirectUrl(conn.workspaceId),
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
  return { url: url.toString(), state, verifier, nonce };
}

/** Exchanges the code at the callback and returns who signed in. */
export async function completeOidc(
  conn: OidcIdpConfig,
  callbackUrl: URL,
  flow: { state: string; verifier: string; nonce: string },
): Promise<AssertedIdentity> {
  const config = await oidcConfiguration(conn);
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    // Some providers keep profile claims out of the ID token: ask the userinfo endpoint.
    if (!claims.email && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    }
  } catch (e) {
    if (e instanceof client.AuthorizationResponseError) throw new SsoError("idp_error", e.error);
    throw new SsoError("oidc", (e as Error).message);
  }
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  if (!sub) throw new SsoError("no_subject");
  const attributes: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(claims)) {
    if (typeof v === "string") attributes[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") attributes[k] = String(v);
    else if (Array.isArray(v)) attributes[k] = v.map(String);
  }
  if (claims.email_verified === false) delete attributes.email;
  return identityFromAttributes("oidc", sub, attributes);
}
