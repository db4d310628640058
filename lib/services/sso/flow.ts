// One SSO sign-in from start to session: the flow's state lives in the database under the SAML request
// id or OIDC state (single use, 10 minutes), bound to the browser by a random cookie whose hash the
// login ticket must match (login-tickets.ts) — so a response or ticket cannot be replayed into someone
// else's browser.
import crypto from "node:crypto";
import { oidcAuthorizeUrl } from "@/lib/sso/oidc";
import { samlAuthorizeUrl, REQUEST_TTL_MS } from "@/lib/sso/saml";
import { sha256Hex } from "@/lib/sso/secret-box";
import { replayStore } from "./replay-store";

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

/** Starts a sign-in (or a "Test SSO" run) at the connection's workspace: returns the IdP URL and the
 * binding cookie value to set. */
export async function beginSso(
  conn: SsoConnectionRow,
  opts: { test: boolean; loginHint?: string | null; binding?: string },
) {
  const store = replayStore(conn.workspaceId);
  const binding = opts.binding ?? crypto.randomBytes(24).toString("base64url");
  const base = { workspaceId: conn.workspaceId, test: opts.test, bindingHash: sha256Hex(binding) };
  if (conn.protocol === "oidc") {
    const { url, state, verifier, nonce } = await oidcAuthorizeUrl(conn, opts.loginHint);
    const flow: FlowState = { ...base, protocol: "oidc", state, verifier, nonce };
    await store.put(flowKey(state), JSON.stringify(flow), REQUEST_TTL_MS);
    return { url, binding };
  }
  const relay = crypto.randomBytes(8).toString("hex");
  const { url, requestId } = await samlAuthorizeUrl(store, conn, relay);
  const flow: FlowState = { ...base, protocol: "saml" };
  await store.put(flowKey(requestId), JSON.stringify(flow), REQUEST_TTL_MS);
  return { url, binding };
}

function parseFlow(raw: string | null, workspaceId: string): FlowState | null {
  if (!raw) return null;
  const flow = JSON.parse(raw) as FlowState;
  return flow.workspaceId === workspaceId ? flow : null;
}

/** Takes the flow (once). */
export async function takeFlow(id: string | null | undefined, workspaceId: string): Promise<FlowState | null> {
  return id ? parseFlow(await replayStore(workspaceId).take(flowKey(id)), workspaceId) : null;
}

/** Reads the flow without using it up (to decide where an error is shown). */
export async function peekFlow(id: string | null | undefined, workspaceId: string): Promise<FlowState | null> {
  return id ? parseFlow(await replayStore(workspaceId).peek(flowKey(id)), workspaceId) : null;
}
