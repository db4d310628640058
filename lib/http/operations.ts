// HTTP side of the operational endpoints: readiness (/api/health/ready) and Prometheus metrics (/metrics).
import { timingSafeEqual, createHash } from "node:crypto";
import { metricsConfig } from "@/lib/config";
import { reportGauges, scrape } from "@/lib/metrics";
import { isShuttingDown } from "@/lib/server/lifecycle";
import { poolStats, readiness } from "@/lib/services/operations";
import { provisioningLogQueueDepth } from "@/lib/services/provisioning-log";

const NO_STORE = { "Cache-Control": "no-store" };

export async function readinessResponse(): Promise<Response> {
  const r = await readiness();
  const shuttingDown = isShuttingDown();
  const ready = r.ready && !shuttingDown;
  return Response.json(
    {
      status: ready ? "ready" : "not_ready",
      shuttingDown,
      database: r.database,
      pendingMigrations: r.pendingMigrations,
    },
    { status: ready ? 200 : 503, headers: shuttingDown ? { ...NO_STORE, Connection: "close" } : NO_STORE },
  );
}

const digest = (s: string) => createHash("sha256").update(s).digest();

export async function metricsResponse(req: Request): Promise<Response> {
  const { token } = metricsConfig();
  // Off unless configured: indistinguishable from a path that does not exist.
  if (!token)
    return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const sent = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
  if (!timingSafeEqual(digest(sent), digest(token))) {
    return new Response('Unauthorized: send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"\n', {
      status: 401,
      headers: { "Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  reportGauges({ logQueueDepth: provisioningLogQueueDepth, pool: poolStats });
  const out = await scrape();
  if (!out) return new Response("Not found\n", { status: 404 });
  return new Response(out.body, { status: 200, headers: { ...NO_STORE, "Content-Type": out.contentType } });
}
