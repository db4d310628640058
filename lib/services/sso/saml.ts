// The database side of the SAML service provider: lib/sso/saml.ts validates, with this workspace's
// replay store (request ids and consumed assertion ids in the database).
import { getDb } from "@/lib/db/client";
import { spMetadataXml, validateSamlResponse, type SamlIdpConfig } from "@/lib/sso/saml";
import { replayStore } from "./replay-store";

/** Validates a SAMLResponse posted to the workspace's ACS and consumes its assertion id. */
export function acceptSamlResponse(conn: SamlIdpConfig, samlResponse: string) {
  return validateSamlResponse(replayStore(conn.workspaceId), conn, samlResponse);
}

/** The SP metadata document of an existing workspace; null when there is no such workspace. */
export async function samlSpMetadata(workspaceId: string): Promise<string | null> {
  const ws = await (await getDb()).workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  return ws ? spMetadataXml(ws.id) : null;
}
