import { getDb, database } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** 200 when the database answers, 503 when it does not (for load balancers and uptime checks). */
export async function GET() {
  const started = Date.now();
  try {
    const db = await getDb();
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", database: { provider: database().provider, reachable: true, latencyMs: Date.now() - started } });
  } catch {
    return Response.json({ status: "error", database: { provider: database().provider, reachable: false } }, { status: 503 });
  }
}
