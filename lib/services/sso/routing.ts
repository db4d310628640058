// Which workspace's identity provider handles a sign-in: the one whose verified domain the email is on
// ("Sign in with SSO"), or the one named in the ACS / callback URL.
import { getDb } from "@/lib/db/client";
import { verifiedDomainForEmail } from "../domains";
import { getSsoConnection, isConfigured } from "./connections";

type SsoConnection = NonNullable<Awaited<ReturnType<typeof getSsoConnection>>>;

/** The SSO connection for a sign-in by email, or why there is none (an error code for /sso). */
export async function ssoConnectionForEmail(
  email: string,
): Promise<{ conn: SsoConnection } | { refused: "unverified_domain" | "not_enterprise" | "not_configured" }> {
  const domain = await verifiedDomainForEmail(email);
  if (!domain) return { refused: "unverified_domain" };
  const ws = domain.workspace;
  if (ws.plan !== "enterprise") return { refused: "not_enterprise" };
  const conn = await getSsoConnection(ws.id);
  if (!conn || !isConfigured(conn)) return { refused: "not_configured" };
  return { conn };
}

/** The workspace and its configured SSO connection, or null. */
export async function workspaceWithSso(workspaceId: string) {
  const ws = await (
    await getDb()
  ).workspace.findUnique({ where: { id: workspaceId }, include: { ssoConnection: true } });
  if (!ws || !isConfigured(ws.ssoConnection)) return null;
  return { ws, conn: ws.ssoConnection! };
}
