// Prometheus metrics (prom-client), served at /metrics when METRICS_TOKEN is set (lib/http/metrics.ts).
// One registry per process, kept on globalThis: Next bundles each route separately, and the SCIM route,
// the /metrics route and the database layer must all count into the same metrics.
//
// Labels are bounded: HTTP method (a fixed list), SCIM resource type (a fixed list), status class (2xx…5xx).
// No user, group or token ids ever. The workspace id is added only when METRICS_WORKSPACE_LABEL=1 (an
// operator with few workspaces who wants per-tenant figures).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { metricsConfig } from "@/lib/config";
import { inFlightRequests } from "@/lib/server/lifecycle";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const RESOURCE_TYPES: Record<string, string> = {
  users: "User",
  groups: "Group",
  serviceproviderconfig: "ServiceProviderConfig",
  serviceconfiguration: "ServiceProviderConfig",
  resourcetypes: "ResourceType",
  schemas: "Schema",
};
/** The SCIM request outcomes operators alert on. */
const REJECTIONS = new Set([401, 403, 429]);

interface Metrics {
  registry: Registry;
  workspaceLabel: boolean;
  requests: Counter<"method" | "resource_type" | "status_class" | "workspace">;
  duration: Histogram<"method" | "resource_type">;
  rejections: Counter<"status">;
  poolWait: Histogram<"database">;
  /** set by the database layer and the provisioning log: read at scrape time */
  gauges: { logQueueDepth?: () => number; pool?: () => PoolStats };
}

export interface PoolStats {
  database: "sqlite" | "postgres";
  /** connections the pool may open (1 for SQLite: one shared connection) */
  max: number;
  /** connections open (PostgreSQL) */
  open: number;
  /** connections checked out and working */
  busy: number;
  /** callers waiting for a connection */
  waiting: number;
}

const g = globalThis as unknown as { __metrics?: Metrics | null };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gauges: Metrics["gauges"] = {};
  const workspaceLabel = metricsConfig().workspaceLabel;
  const labelNames = workspaceLabel
    ? (["method", "resource_type", "status_class", "workspace"] as const)
    : (["method", "resource_type", "status_class"] as const);
  const m: Metrics = {
    registry,
    workspaceLabel,
    gauges,
    requests: new Counter({
      name: "scim_requests_total",
      help: "SCIM requests answered, by HTTP method, SCIM resource type and status class",
      labelNames: [...labelNames],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "scim_request_duration_seconds",
      help: "Time to answer a SCIM request, from arrival to response (the provisioning log write is not included)",
      labelNames: ["method", "resource_type"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    rejections: new Counter({
      name: "scim_rejected_requests_total",
      help: "SCIM requests refused: 401 (missing, invalid, revoked or expired token), 403 (plan), 429 (rate limit)",
      labelNames: ["status"],
      registers: [registry],
    }),
    poolWait: new Histogram({
      name: "db_pool_wait_seconds",
      help: "Time spent waiting for a database connection (PostgreSQL pool checkout; SQLite: the shared connection)",
      labelNames: ["database"],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
  };
  for (const status of REJECTIONS) m.rejections.inc({ status: String(status) }, 0);
  new Gauge({
    name: "scim_requests_in_flight",
    help: "SCIM requests being answered right now",
    registers: [registry],
    collect() {
      this.set(inFlightRequests());
    },
  });
  new Gauge({
    name: "provisioning_log_queue_depth",
    help: "Provisioning log events queued in this process and not yet written to the database",
    registers: [registry],
    collect() {
      this.set(gauges.logQueueDepth?.() ?? 0);
    },
  });
  const poolGauge = (name: string, help: string, pick: (s: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["database"],
      registers: [registry],
      collect() {
        const s = gauges.pool?.();
        if (s) this.set({ database: s.database }, pick(s));
      },
    });
  poolGauge("db_pool_max_connections", "Connections the pool may open (DATABASE_POOL_SIZE; 1 on SQLite)", (s) => s.max);
  poolGauge("db_pool_open_connections", "Connections open", (s) => s.open);
  poolGauge("db_pool_busy_connections", "Connections checked out and working", (s) => s.busy);
  poolGauge("db_pool_waiting_clients", "Callers waiting for a connection", (s) => s.waiting);
  return m;
}

/** The process's metrics, or undefined when metrics are off (METRICS_TOKEN unset): then nothing is counted. */
export function metrics(): Metrics | undefined {
  if (g.__metrics === undefined) g.__metrics = metricsConfig().enabled ? create() : null;
  return g.__metrics ?? undefined;
}

/** Counts one answered SCIM request. `collection` is the first path segment after /scim/v2. */
export function observeScimRequest(r: {
  method: string;
  collection: string;
  status: number;
  seconds: number;
  workspaceId?: string;
}) {
  const m = metrics();
  if (!m) return;
  const method = METHODS.has(r.method) ? r.method : "other";
  const resourceType = RESOURCE_TYPES[r.collection.toLowerCase()] ?? "other";
  const labels: Record<string, string> = {
    method,
    resource_type: resourceType,
    status_class: `${Math.floor(r.status / 100)}xx`,
  };
  if (m.workspaceLabel) labels.workspace = r.workspaceId ?? "none";
  m.requests.inc(labels);
  m.duration.observe({ method, resource_type: resourceType }, r.seconds);
  if (REJECTIONS.has(r.status)) m.rejections.inc({ status: String(r.status) });
}

/** Records how long a caller waited for a database connection. */
export function observePoolWait(database: "sqlite" | "postgres", seconds: number) {
  metrics()?.poolWait.observe({ database }, seconds);
}

/** Lets the database layer and the provisioning log report their state at scrape time. */
export function reportGauges(sources: Partial<Metrics["gauges"]>) {
  const m = metrics();
  if (m) Object.assign(m.gauges, sources);
}

/** The text exposition of every metric, and its content type. */
export async function scrape(): Promise<{ body: string; contentType: string } | undefined> {
  const m = metrics();
  if (!m) return undefined;
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
