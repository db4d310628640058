// The connection doctor's live setup (Connect SCIM page) polls this: milestones and the last requests.
// Owners and admins only (members and outsiders get a 404), like every admin route.
import { adminForAction } from "@/lib/auth/session";
import { liveSetup } from "@/lib/services/admin/connection-doctor";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminForAction(slug);
  if (!ctx) return new Response("Not found", { status: 404 });
  // ?known=test,user: steps the page already shows as done
  const known = new Set((new URL(req.url).searchParams.get("known") ?? "").split(",").filter(Boolean).slice(0, 4));
  return Response.json(await liveSetup(ctx.workspace.id, known), { headers: { "Cache-Control": "no-store" } });
}
