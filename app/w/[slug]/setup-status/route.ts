// The first-run checklist polls this while it waits for the identity provider's first SCIM request.
// Owners and admins only (members and outsiders get a 404), like every admin route.
import { adminForAction } from "@/lib/auth/session";
import { scimSetup } from "@/lib/services/admin/first-run";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminForAction(slug);
  if (!ctx) return new Response("Not found", { status: 404 });
  const scim = await scimSetup(ctx.workspace.id);
  return Response.json({ scim }, { headers: { "Cache-Control": "no-store" } });
}
