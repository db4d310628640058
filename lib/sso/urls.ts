// The addresses this app publishes to identity providers, per workspace (by id, so they never change).
import { appUrl } from "@/lib/config";

export function samlSpUrls(workspaceId: string) {
  const base = `${appUrl()}/api/sso/saml/${workspaceId}`;
  return { entityId: `${base}/metadata`, metadataUrl: `${base}/metadata`, acsUrl: `${base}/acs` };
}

export function oidcRedirectUrl(workspaceId: string) {
  return `${appUrl()}/api/sso/oidc/${workspaceId}/callback`;
}
