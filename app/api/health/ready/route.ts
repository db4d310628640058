import { readinessResponse } from "@/lib/http/operations";

export const dynamic = "force-dynamic";

/** Readiness for load balancers: 200 when the database answers, every migration is applied and the server
 * is not shutting down; 503 otherwise. /api/health stays the liveness check. */
export const GET = readinessResponse;
