// The end of every SSO response (SAML ACS, OIDC callback): a "Test SSO" run records what the IdP sent
// and which member it matched; a sign-in resolves the member and issues a one-time login ticket.
import { getDb } from "@/lib/db/client";
import { SsoError } from "@/lib/sso/errors";
import { errorPath } from "@/lib/sso/http";
import type { AssertedIdentity } from "@/lib/sso/identity";
import { workspaceManages } from "../identity/managed";
import { recordSsoTest } from "./connections";
import type { FlowState, SsoConnectionRow } from "./flow";
import { issueLoginTicket } from "./login-tickets";
import { findSsoMember, resolveSsoSignIn } from "./members";

export interface SsoTestResult {
  ok: boolean;
  protocol: string;
  error?: string;
  errorCode?: string;
  subject?: string;
  nameIdFormat?: string | null;
  email?: string | null;
  attributes?: Record<string, string | string[]>;
  match?: {
    by: string;
    memberId: string;
    userName: string;
    displayName: string | null;
    status: string;
    linked: boolean;
  } | null;
  jit?: boolean;
}

export async function finishSso(
  ws: { id: string; slug: string },
  conn: SsoConnectionRow,
  flow: FlowState,
  outcome: { identity: AssertedIdentity } | { error: SsoError },
): Promise<string> {
  if (flow.test) {
    await recordSsoTest(ws.id, await testResult(ws.id, conn, outcome));
    return `/w/${ws.slug}/settings/sso?tested=1#test`; // (the result is in the Test SSO section)
  }
  if ("error" in outcome) return errorPath(outcome.error.code, ws.slug);
  const { identity } = outcome;
  try {
    const target = await resolveSsoSignIn(ws.id, identity, { jit: conn.jit });
    const ticket = await issueLoginTicket({
      accountId: target.accountId,
      workspaceId: ws.id,
      bindingHash: flow.bindingHash,
    });
    return `/sso/complete?to=${encodeURIComponent(`/w/${ws.slug}`)}#ticket=${ticket}`;
  } catch (e) {
    if (e instanceof SsoError) return errorPath(e.code, ws.slug);
    throw e;
  }
}

async function testResult(
  workspaceId: string,
  conn: SsoConnectionRow,
  outcome: { identity: AssertedIdentity } | { error: SsoError },
): Promise<SsoTestResult> {
  if ("error" in outcome)
    return { ok: false, protocol: conn.protocol, error: outcome.error.message, errorCode: outcome.error.code };
  const { identity } = outcome;
  const match = await findSsoMember(workspaceId, identity);
  const problems: string[] = [];
  if (!identity.email) problems.push("no email attribute/claim was sent");
  else if (!(await workspaceManages(await getDb(), workspaceId, identity.email))) {
    problems.push(
      `${identity.email} is not on one of this workspace's verified domains, so this identity provider may not sign it in`,
    );
  }
  if (identity.protocol === "saml" && identity.nameIdFormat && !identity.nameIdFormat.endsWith(":persistent")) {
    problems.push(`the NameID format is ${identity.nameIdFormat}, not persistent`);
  }
  if (match?.member.status === "suspended") problems.push("the matched member is suspended");
  if (match?.member.ssoSubject && match.member.ssoSubject !== identity.subject)
    problems.push("the matched member is linked to a different identity");
  if (!match && !conn.jit) problems.push("no member matches and JIT is off, so this person would be refused");
  return {
    ok: problems.length === 0,
    protocol: identity.protocol,
    error: problems.length ? `Sign-in would not work as is: ${problems.join("; ")}.` : undefined,
    subject: identity.subject,
    nameIdFormat: identity.nameIdFormat,
    email: identity.email,
    attributes: identity.attributes,
    match: match && {
      by: match.by,
      memberId: match.member.id,
      userName: match.member.userName,
      displayName: match.member.displayName,
      status: match.member.status,
      linked: match.member.ssoSubject === identity.subject,
    },
    jit: conn.jit,
  };
}
