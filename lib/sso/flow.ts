// One SSO sign-in from start to session: the flow's state lives in the database under the SAML request
// id or OIDC state (single use, 10 minutes), bound to the browser by a random cookie whose hash the
// login ticket must match — so a response or ticket cannot be replayed into someone else's browser.
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import { putNonce, takeNonce, peekNonce } from "./nonces";
import { sha256Hex } from "./secret-box";
import { samlAuthorizeUrl, REQUEST_TTL_MS } from "./saml";
import { oidcAuthorizeUrl } from "./oidc";
import { SsoError } from "./errors";

export const BINDING_COOKIE = "sso_binding";
export const TICKET_TTL_MS = 60_000;

export interface SsoConnectionRow {
  workspaceId: string;
  protocol: string;
  samlEntityId: string | null;
  samlSsoUrl: string | null;
  samlCert: string | null;
  oidcIssuer: string | null;
  oidcClientId: string | null;
  oidcClientSecret: string | null;
  jit: boolean;
}

export interface FlowState {
  workspaceId: string;
  protocol: "saml" | "oidc";
  test: boolean;
  bindingHash: string;
  /** OIDC only */
  state?: string;
  verifier?: string;
  nonce?: string;
}

const flowKey = (id: string) => `flow:${id}`;

/** Starts a sign-in (or a "Test SSO" run): returns the IdP URL and the binding cookie value to set. */
export async function beginSso(db: Db, conn: SsoConnectionRow, opts: { test: boolean; loginHint?: string | null; binding?: string }) {
  const binding = opts.binding ?? crypto.randomBytes(24).toString("base64url");
  const base = { workspaceId: conn.workspaceId, test: opts.test, bindingHash: sha256Hex(binding) };
  if (conn.protocol === "oidc") {
    const { url, state, verifier, nonce } = await oidcAuthorizeUrl(conn, opts.loginHint);
    const flow: FlowState = { ...base, protocol: "oidc", state, verifier, nonce };
    await putNonce(db, flowKey(state), conn.workspaceId, JSON.stringify(flow), REQUEST_TTL_MS);
    return { url, binding };
  }
  const relay = crypto.randomBytes(8).toString("hex");
  const { url, requestId } = await samlAuthorizeUrl(db, conn, relay);
  const flow: FlowState = { ...base, protocol: "saml" };
  await putNonce(db, flowKey(requestId), conn.workspaceId, JSON.stringify(flow), REQUEST_TTL_MS);
  return { url, binding };
}

function parseFlow(raw: string | null, workspaceId: string): FlowState | null {
  if (!raw) return null;
  const flow = JSON.parse(raw) as FlowState;
  return flow.workspaceId === workspaceId ? flow : null;
}

/** Takes the flow (once). */
export async function takeFlow(db: Db, id: string | null | undefined, workspaceId: string): Promise<FlowState | null> {
  return id ? parseFlow(await takeNonce(db, flowKey(id)), workspaceId) : null;
}

/** Reads the flow without using it up (to decide where an error is shown). */
export async function peekFlow(db: Db, id: string | null | undefined, workspaceId: string): Promise<FlowState | null> {
  return id ? parseFlow(await peekNonce(db, flowKey(id)), workspaceId) : null;
}

export async function issueLoginTicket(db: Db, input: { accountId: string; workspaceId: string; bindingHash: string }): Promise<string> {
  const ticket = crypto.randomBytes(32).toString("base64url");
  await db.ssoLoginTicket.create({
    data: { ...input, tokenHash: sha256Hex(ticket), expiresAt: new Date(Date.now() + TICKET_TTL_MS) },
  });
  return ticket;
}

/** Redeems a ticket once, in the browser that started the flow. Returns the account and workspace. */
export async function redeemLoginTicket(db: Db, ticket: string, binding: string | undefined) {
  if (!ticket || !binding) throw new SsoError("ticket");
  const row = await db.ssoLoginTicket.findUnique({ where: { tokenHash: sha256Hex(ticket) } });
  if (!row || row.usedAt || row.expiresAt <= new Date()) throw new SsoError("ticket");
  const a = Buffer.from(row.bindingHash, "hex");
  const b = Buffer.from(sha256Hex(binding), "hex");
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new SsoError("ticket");
  const { count } = await db.ssoLoginTicket.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
  if (count !== 1) throw new SsoError("ticket");
  return { accountId: row.accountId, workspaceId: row.workspaceId };
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}
