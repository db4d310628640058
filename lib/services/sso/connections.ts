// The workspace's SSO connection: SAML or OIDC settings, Enforce SSO and JIT. Changing the identity
// provider (protocol, SAML entity ID or OIDC issuer) resets the stored member links, because subjects
// from one IdP mean nothing to another.
import { getDb, type Db } from "@/lib/db/client";
import { hasUnstorableText, UNSTORABLE_MESSAGE } from "@/lib/storable-text";
import { parseCertificates } from "@/lib/sso/saml-metadata";
import { seal } from "@/lib/sso/secret-box";
import { DomainError } from "../errors";
import { resetSsoLinks } from "./members";
import { recordAudit, SYSTEM, type AuditActor } from "../audit";

export type SsoProtocol = "saml" | "oidc";

export async function getSsoConnection(workspaceId: string) {
  return connectionOf(await getDb(), workspaceId);
}

function connectionOf(db: Db, workspaceId: string) {
  return db.ssoConnection.findUnique({ where: { workspaceId } });
}

export function isConfigured(
  c: {
    protocol: string;
    samlEntityId: string | null;
    samlSsoUrl: string | null;
    samlCert: string | null;
    oidcIssuer: string | null;
    oidcClientId: string | null;
  } | null,
): boolean {
  if (!c) return false;
  return c.protocol === "oidc" ? !!(c.oidcIssuer && c.oidcClientId) : !!(c.samlEntityId && c.samlSsoUrl && c.samlCert);
}

/** Text PostgreSQL cannot store (lib/storable-text.ts) is a field error, not a failed write. */
function storable(value: string, field: string): string {
  if (hasUnstorableText(value)) throw new DomainError("invalid", UNSTORABLE_MESSAGE, field);
  return value;
}

function httpUrl(value: string, field: string, what: string): string {
  storable(value, field);
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    throw new DomainError("invalid", `Enter the ${what} (an https:// URL)`, field);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:")
    throw new DomainError("invalid", `The ${what} must be an https:// URL`, field);
  return u.toString();
}

async function identityChanged(db: Db, workspaceId: string, next: { protocol: SsoProtocol; idp: string }) {
  const cur = await connectionOf(db, workspaceId);
  if (!cur) return false;
  const curIdp = cur.protocol === "oidc" ? cur.oidcIssuer : cur.samlEntityId;
  return cur.protocol !== next.protocol || (curIdp ?? "") !== next.idp;
}

export interface SamlSettingsInput {
  entityId: string;
  ssoUrl: string;
  cert: string;
  metadataUrl?: string | null;
}

export async function saveSamlSettings(workspaceId: string, input: SamlSettingsInput, actor: AuditActor = SYSTEM) {
  const entityId = storable(input.entityId.trim(), "entityId");
  if (!entityId) throw new DomainError("invalid", "Enter the identity provider's Entity ID (Issuer)", "entityId");
  const ssoUrl = httpUrl(input.ssoUrl, "ssoUrl", "SSO URL (Login URL)");
  let certs: string[];
  try {
    certs = parseCertificates(input.cert);
  } catch (e) {
    throw new DomainError("invalid", (e as Error).message, "cert");
  }
  if (!certs.length) throw new DomainError("invalid", "Paste the identity provider's signing certificate", "cert");
  const db = await getDb();
  const reset = await identityChanged(db, workspaceId, { protocol: "saml", idp: entityId });
  const data = {
    protocol: "saml",
    samlEntityId: entityId,
    samlSsoUrl: ssoUrl,
    samlCert: certs.join(""),
    samlMetadataUrl: storable(input.metadataUrl?.trim() ?? "", "metadataUrl") || null,
  };
  const conn = await db.ssoConnection.upsert({
    where: { workspaceId },
    create: { workspaceId, ...data },
    update: data,
  });
  if (reset) await resetSsoLinks(workspaceId);
  await recordAudit(
    db,
    workspaceId,
    actor,
    "sso.saved",
    { type: "sso", id: conn.id, label: entityId },
    { protocol: "saml", ssoUrl, linksReset: reset },
  );
  return conn;
}

export interface OidcSettingsInput {
  issuer: string;
  clientId: string;
  /** blank keeps the stored secret */
  clientSecret?: string | null;
}

/** Saves the OpenID Connect settings. `check` (issuer discovery, lib/sso/oidc.ts) runs on the settings about to
 * be stored, and a problem it reports is a field error on the issuer: nothing is saved. */
export async function saveOidcSettings(
  workspaceId: string,
  input: OidcSettingsInput,
  actor: AuditActor = SYSTEM,
  check?: (candidate: {
    workspaceId: string;
    oidcIssuer: string;
    oidcClientId: string;
    oidcClientSecret: string | null;
  }) => Promise<string | null>,
) {
  const issuer = httpUrl(input.issuer, "issuer", "issuer URL").replace(/\/$/, "");
  const clientId = storable(input.clientId.trim(), "clientId");
  if (!clientId) throw new DomainError("invalid", "Enter the client ID (Application ID)", "clientId");
  const secret = input.clientSecret?.trim();
  const db = await getDb();
  const cur = await connectionOf(db, workspaceId);
  if (!secret && !cur?.oidcClientSecret) throw new DomainError("invalid", "Enter the client secret", "clientSecret");
  const sealed = secret ? seal(secret) : null;
  const problem = check
    ? await check({
        workspaceId,
        oidcIssuer: issuer,
        oidcClientId: clientId,
        oidcClientSecret: sealed ?? cur?.oidcClientSecret ?? null,
      })
    : null;
  if (problem) throw new DomainError("invalid", `Not saved: ${problem}`, "issuer");
  const reset = await identityChanged(db, workspaceId, { protocol: "oidc", idp: issuer });
  const data = {
    protocol: "oidc",
    oidcIssuer: issuer,
    oidcClientId: clientId,
    ...(sealed ? { oidcClientSecret: sealed } : {}),
  };
  const conn = await db.ssoConnection.upsert({
    where: { workspaceId },
    create: { workspaceId, ...data },
    update: data,
  });
  if (reset) await resetSsoLinks(workspaceId);
  await recordAudit(
    db,
    workspaceId,
    actor,
    "sso.saved",
    { type: "sso", id: conn.id, label: issuer },
    { protocol: "oidc", clientId, secretChanged: !!secret, linksReset: reset },
  );
  return conn;
}

export async function saveSsoOptions(
  workspaceId: string,
  opts: { enforce: boolean; jit: boolean },
  actor: AuditActor = SYSTEM,
) {
  const db = await getDb();
  const conn = await connectionOf(db, workspaceId);
  if (!conn || !isConfigured(conn)) throw new DomainError("invalid", "Configure the identity provider first");
  const saved = await db.ssoConnection.update({
    where: { workspaceId },
    data: { enforce: opts.enforce, jit: opts.jit },
  });
  if (conn.enforce !== opts.enforce || conn.jit !== opts.jit)
    await recordAudit(
      db,
      workspaceId,
      actor,
      conn.enforce !== opts.enforce ? "sso.enforcement_changed" : "sso.options_changed",
      { type: "sso", id: conn.id, label: conn.protocol === "oidc" ? conn.oidcIssuer : conn.samlEntityId },
      { enforce: { from: conn.enforce, to: opts.enforce }, jit: { from: conn.jit, to: opts.jit } },
    );
  return saved;
}

export async function recordSsoTest(workspaceId: string, result: unknown) {
  const db = await getDb();
  await db.ssoConnection.update({
    where: { workspaceId },
    data: { lastTest: JSON.stringify(result), lastTestAt: new Date() },
  });
}

export async function deleteSsoConnection(workspaceId: string, actor: AuditActor = SYSTEM) {
  const db = await getDb();
  const conn = await connectionOf(db, workspaceId);
  const gone = await db.ssoConnection.deleteMany({ where: { workspaceId } });
  await resetSsoLinks(workspaceId);
  if (conn && gone.count)
    await recordAudit(
      db,
      workspaceId,
      actor,
      "sso.removed",
      { type: "sso", id: conn.id, label: conn.protocol === "oidc" ? conn.oidcIssuer : conn.samlEntityId },
      { protocol: conn.protocol },
    );
}

/** Whether password sign-in is refused for this member (Enforce SSO; owners keep break-glass access). */
export function passwordBlocked(enforce: boolean | null | undefined, role: string): boolean {
  return !!enforce && role !== "owner";
}
