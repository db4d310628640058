import { metricsResponse } from "@/lib/http/operations";

export const dynamic = "force-dynamic";

/** Prometheus metrics (text format), when METRICS_TOKEN is set; scrapers send it as a Bearer token. */
export const GET = metricsResponse;
