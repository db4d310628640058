// Runtime configuration from the environment, with safe defaults. Secrets that are not given are
// generated once by scripts/prepare-env.mjs and read from ./data/secrets.json.
import fs from "node:fs";
import path from "node:path";

export function port(): number {
  return Number(process.env.PORT || 3000);
}

/** The public base URL (used for the SCIM Base URL shown to admins and for sign-in callbacks). */
export function appUrl(): string {
  return (process.env.APP_URL || process.env.NEXTAUTH_URL || `http://localhost:${port()}`).replace(/\/+$/, "");
}

export function scimBaseUrl(): string {
  return `${appUrl()}/scim/v2`;
}

let cachedSecret: string | undefined;
/** The auth (JWT signing) secret: AUTH_SECRET / NEXTAUTH_SECRET, else ./data/secrets.json. */
export function authSecret(): string {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET;
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
  const token = process.env.METRICS_TOKEN?.trim() || null;
  return { enabled: token !== null, token, workspaceLabel: /^(1|true|yes|on)$/i.test(process.env.METRICS_WORKSPACE_LABEL ?? "") };
}

/** How long a stopping server (SIGTERM/SIGINT) waits for requests in flight before it exits anyway:
 * SHUTDOWN_GRACE_MS, default 25 s (below the 30 s most orchestrators allow before SIGKILL). */
export function shutdownGraceMs(): number {
  const ms = Number(process.env.SHUTDOWN_GRACE_MS ?? 25_000);
  return Number.isFinite(ms) && ms >= 0 ? ms : 25_000;
}
