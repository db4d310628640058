// Runtime configuration: every environment variable, validated once (lib/config/schema.ts) on first use,
// which is server start (instrumentation.ts): an invalid value stops the server with a message naming the
// variable. Secrets that are not given are generated once by scripts/prepare-env.mjs and read from
// ./data/secrets.json. App code reads settings here, never from process.env.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { configSchema, SECRET_VARIABLES } from "./schema";

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment (pure; `config()` is this over process.env, kept). */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const r = configSchema.safeParse(Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, env[k]])));
  if (r.success) return r.data;
  const problems = r.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const value = env[name];
    const shown = value === undefined || SECRET_VARIABLES.has(name) ? "" : ` (got ${JSON.stringify(value)})`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}

let cached: Config | undefined;

/** The process's configuration, parsed from process.env on first use. */
export function config(): Config {
  return (cached ??= parseConfig(process.env));
}

/** For tests that change process.env while running: the next config() parses it again. */
export function resetConfig(): void {
  cached = undefined;
  cachedSecret = undefined;
}

export function port(): number {
  return config().PORT;
}

/** The public base URL (used for the SCIM Base URL shown to admins and for sign-in callbacks). */
export function appUrl(): string {
  const c = config();
  return (c.APP_URL || c.NEXTAUTH_URL || `http://localhost:${c.PORT}`).replace(/\/+$/, "");
}

export function scimBaseUrl(): string {
  return `${appUrl()}/scim/v2`;
}

/** next-auth (v4) takes its public URL from process.env.NEXTAUTH_URL only (next-auth/utils/detect-origin),
 * and falls back to http://localhost:3000 without it. Called once at server start (instrumentation.ts):
 * the one place that writes to process.env. */
export function publishNextAuthUrl(): void {
  process.env.NEXTAUTH_URL ??= appUrl();
}

let cachedSecret: string | undefined;
/** The auth (JWT signing) secret: AUTH_SECRET / NEXTAUTH_SECRET, else ./data/secrets.json. */
export function authSecret(): string {
  if (cachedSecret) return cachedSecret;
  const c = config();
  const fromEnv = c.AUTH_SECRET || c.NEXTAUTH_SECRET;
  if (fromEnv) return (cachedSecret = fromEnv);
  const file = path.join(process.cwd(), "data", "secrets.json");
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { authSecret?: string };
    if (parsed.authSecret) return (cachedSecret = parsed.authSecret);
  } catch {
    // fall through to the error below
  }
  throw new Error(`No auth secret: set AUTH_SECRET or run "npm start" once to generate ${file}`);
}

/** Prometheus metrics at /metrics: off unless METRICS_TOKEN is set; scrapers send it as a Bearer token.
 * METRICS_WORKSPACE_LABEL=1 adds the workspace id as a label to the SCIM request counter. */
export function metricsConfig(): { enabled: boolean; token: string | null; workspaceLabel: boolean } {
  const c = config();
  return { enabled: c.METRICS_TOKEN !== null, token: c.METRICS_TOKEN, workspaceLabel: c.METRICS_WORKSPACE_LABEL };
}

/** How long a stopping server (SIGTERM/SIGINT) waits for requests in flight before it exits anyway:
 * SHUTDOWN_GRACE_MS, default 25 s (below the 30 s most orchestrators allow before SIGKILL). */
export function shutdownGraceMs(): number {
  return config().SHUTDOWN_GRACE_MS;
}

/** SCIM rate limit per token (lib/http/scim/rate-limit.ts). The burst defaults to twice the rate, and to
 * 400 when that is below one request. `env`: another environment than process.env (tests). */
export function scimRateLimit(env?: Record<string, string | undefined>): { rps: number; burst: number } {
  const c = env ? parseConfig(env) : config();
  const rps = c.SCIM_RATE_LIMIT_RPS;
  return { rps, burst: c.SCIM_RATE_LIMIT_BURST ?? (rps * 2 >= 1 ? rps * 2 : 400) };
}
