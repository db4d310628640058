// SP metadata for the identity provider: entity ID, ACS URL, NameID format (persistent).
import { getDb } from "@/lib/db/client";
import { spMetadataXml } from "@/lib/sso/saml";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await ctx.params;
  const db = await getDb();
  const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!ws) return new Response("Not found", { status: 404 });
  const xml = spMetadataXml(db, { workspaceId: ws.id, samlEntityId: null, samlSsoUrl: null, samlCert: null });
  return new Response(xml, { headers: { "Content-Type": "application/samlmetadata+xml; charset=utf-8" } });
}
