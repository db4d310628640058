// SP metadata for the identity provider: entity ID, ACS URL, NameID format (persistent).
import { samlSpMetadata } from "@/lib/services/sso/saml";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await ctx.params;
  const xml = await samlSpMetadata(workspaceId);
  if (xml === null) return new Response("Not found", { status: 404 });
  return new Response(xml, { headers: { "Content-Type": "application/samlmetadata+xml; charset=utf-8" } });
}
