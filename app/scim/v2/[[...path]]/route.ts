// Every SCIM request lands here; lib/scim-http routes it (case-insensitively, as identity providers need).
import { handleScim } from "@/lib/scim-http/handler";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path?: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  const { path = [] } = await ctx.params;
  return handleScim(req, path);
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
