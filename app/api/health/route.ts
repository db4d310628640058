import { databaseLiveness } from "@/lib/services/operations";

export const dynamic = "force-dynamic";

/** 200 when the database answers, 503 when it does not (for load balancers and uptime checks). */
export async function GET() {
  const database = await databaseLiveness();
  if (database.reachable) return Response.json({ status: "ok", database });
  return Response.json({ status: "error", database }, { status: 503 });
}
