// Every environment variable the app reads: its type, default and what it is for. README's
// "Configuration" table lists exactly these (tests/unit/config.test.ts checks it).
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./data/app.db";

/** An empty value means "not set", as `VAR= npm start` and blank lines in env files intend. */
const blankIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function number<D extends number | undefined>(
  def: D,
  min: number,
  { whole = true, above = false, max = Infinity } = {},
) {
  const bound = max < Infinity ? `from ${min} to ${max}` : above ? `above ${min}` : `of at least ${min}`;
  const expected = `expected ${whole ? "a whole number" : "a number"} ${bound}`;
  let n = z.number({ error: expected });
  if (whole) n = n.int({ error: expected });
  n = above ? n.gt(min, { error: expected }) : n.min(min, { error: expected });
  if (max < Infinity) n = n.max(max, { error: expected });
  return z
    .preprocess((v) => (blankIsUnset(v) === undefined ? undefined : Number(String(v).trim())), n.optional())
    .transform((v): number | D => v ?? def);
}

const text = () => z.preprocess(blankIsUnset, z.string().optional());

const url = () =>
  z.preprocess(blankIsUnset, z.url({ error: "expected an absolute URL such as https://work.example.com" }).optional());

/** 1/true/yes/on and 0/false/no/off, any case; unset is off. */
const flag = () =>
  z
    .preprocess(
      (v) => {
        const s = blankIsUnset(v);
        if (typeof s !== "string") return s;
        if (/^(1|true|yes|on)$/i.test(s.trim())) return true;
        if (/^(0|false|no|off)$/i.test(s.trim())) return false;
        return s;
      },
      z.boolean({ error: "expected 1/true/yes/on or 0/false/no/off" }).optional(),
    )
    .transform((v) => v ?? false);

/** A comma-separated list, trimmed, empty entries dropped. */
const list = ({ lowerCase = false } = {}) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .optional()
      .transform((s) =>
        (s ?? "")
          .split(",")
          .map((e) => (lowerCase ? e.trim().toLowerCase() : e.trim()))
          .filter(Boolean),
      ),
  );

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const configSchema = z.object({
  DATABASE_URL: z
    .preprocess(
      blankIsUnset,
      z
        .string()
        .regex(/^(file:|postgres(ql)?:\/\/)/, { error: "use file:./path.db (SQLite) or postgresql://… (PostgreSQL)" })
        .optional(),
    )
    .transform((v) => v ?? DEFAULT_DATABASE_URL)
    .describe("file:… for SQLite, postgresql://user:pass@host:5432/db for PostgreSQL"),
  PORT: number(3000, 1, { max: 65535 }).describe("HTTP port"),
  HOST: text().describe("address `npm start` serves on (scripts/start.mjs); default every interface"),
  APP_URL: url().describe("public base URL; default http://localhost:$PORT"),
  NEXTAUTH_URL: url().describe("the public base URL when APP_URL is not set (next-auth's own name for it)"),
  AUTH_SECRET: text().describe("signs session cookies; default generated into ./data/secrets.json"),
  NEXTAUTH_SECRET: text().describe("the auth secret when AUTH_SECRET is not set (next-auth's own name for it)"),
  DATABASE_POOL_SIZE: number(10, 1).describe("PostgreSQL connections per server process"),
  DATABASE_PREPARED_STATEMENTS: number(200, 0).describe(
    "PostgreSQL: prepared SCIM statements kept per connection; 0 turns them off",
  ),
  DATABASE_QUERY_TIMEOUT_MS: number(15_000, 0).describe(
    "PostgreSQL: each query's answer within this time; 0 turns it off",
  ),
  METRICS_TOKEN: z
    .preprocess(blankIsUnset, z.string().optional())
    .transform((v) => v?.trim() || null)
    .describe("turns on /metrics; scrapers send it as a Bearer token"),
  METRICS_WORKSPACE_LABEL: flag().describe("adds a workspace label to scim_requests_total"),
  SHUTDOWN_GRACE_MS: number(25_000, 0).describe("how long requests in flight may take after SIGTERM/SIGINT"),
  SCIM_RATE_LIMIT_RPS: number(200, 0, { whole: false }).describe(
    "SCIM requests per second per token and process; 0 turns the limit off",
  ),
  SCIM_RATE_LIMIT_BURST: number(undefined, 1, { whole: false }).describe(
    "SCIM burst size per token; default 2 × SCIM_RATE_LIMIT_RPS",
  ),
  SSO_FETCH_ALLOW_HOSTS: list({ lowerCase: true }).describe(
    "hosts SSO settings and webhooks may reach over http or on private addresses",
  ),
  TRUST_PROXY_HOPS: number(0, 0).describe("reverse proxies in front of the app that append to X-Forwarded-For"),
  DNS_SERVERS: text().describe("DNS servers for domain verification; default the system's resolvers"),
  OFFBOARDING_INTERVAL_MS: number(600_000, 1000).describe("how often each process runs the offboarding policies"),
  WEBHOOK_RETRY_BASE_MS: number(10_000, 0, { whole: false, above: true }).describe(
    "first retry delay of a failed webhook delivery",
  ),
  LOG_LEVEL: z
    .preprocess(
      (v) => (typeof v === "string" ? blankIsUnset(v.trim().toLowerCase()) : v),
      z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).optional(),
    )
    .transform((v) => v ?? "info")
    .describe("server log level"),
  BENCH_FLOOR: flag().describe("benchmark only: serves /api/bench-floor"),
});

export type ConfigVariable = keyof typeof configSchema.shape;

/** Values that must not be repeated in an error message. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set<ConfigVariable>([
  "DATABASE_URL",
  "AUTH_SECRET",
  "NEXTAUTH_SECRET",
  "METRICS_TOKEN",
]);

/** Variables read outside the app (build internals, the Prisma CLI, test and benchmark tooling): not
 * settings, so not in README's table, but listed so that every variable read anywhere is written down. */
export const INTERNAL_VARIABLES: Record<string, string> = {
  NEXT_RUNTIME: "set by Next.js: which runtime (nodejs, edge) loads instrumentation.ts",
  NEXT_DIST_DIR: "build directory (next.config.ts), default .next; the tests build into their own",
  SQLITE_URL: "Prisma CLI: the SQLite database migrations target (prisma.sqlite.config.ts); default from DATABASE_URL",
  POSTGRES_URL:
    "Prisma CLI: the PostgreSQL database migrations target (prisma.postgres.config.ts); default from DATABASE_URL",
  TEST_DB: "tests: postgres runs the integration tests on PostgreSQL",
  TEST_PG_URL: "tests: the PostgreSQL server throwaway test databases are created on",
  CRASH_CHECK_REPORT: "scripts/crash-check.mjs: where to write its result as JSON",
};
