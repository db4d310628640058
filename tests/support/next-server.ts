// The real production server for integration tests: `next start` of the build in .next (built here when it
// is missing or older than the sources; `npm test` builds before the integration steps), on a free
// loopback port, against a given database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with the benchmark (one free-port finder for tests, bench and nginx)
import { freePort as findFreePort } from "../../bench/lib/server.mjs";

export const freePort: () => Promise<number> = findFreePort;

const DIST_DIR = ".next";
const SOURCES = [
  "app",
  "components",
  "lib",
  "generated",
  "public",
  "instrumentation.ts",
  "proxy.ts",
  "package.json",
  "next.config.ts",
  "postcss.config.mjs",
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

/** Runs `next build` unless .next holds a build newer than every source. */
export function ensureBuild() {
  const buildId = path.join(DIST_DIR, "BUILD_ID");
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > Math.max(...SOURCES.map(newestMtime))) return;
  const res = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR },
  });
  if (res.status !== 0) throw new Error(`next build failed:\n${res.stdout}\n${res.stderr}`);
}

export interface NextServer {
  url: string;
  child: ChildProcess;
  logFile: string;
  /** resolves with the exit code (or signal) once the process has exited */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log(): string;
  /** SIGTERM, then SIGKILL if it is still running after 30 s */
  stop(): Promise<void>;
}

export async function pollUntil<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  deadlineMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Starts `next start` on DATABASE_URL=`databaseUrl` and waits until /api/health answers. `appUrl`: the
 * public URL when the server sits behind a load balancer (default: its own address). */
export async function startNextServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  { waitForHealth = true, appUrl = "" } = {},
): Promise<NextServer> {
  const port = await freePort();
  fs.mkdirSync(".test/logs", { recursive: true });
  const logFile = path.resolve(`.test/logs/next-${process.pid}-${port}.log`);
  const out = fs.openSync(logFile, "a");
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        SCIM_RATE_LIMIT_RPS: "0",
        ...env,
        DATABASE_URL: databaseUrl,
        NODE_ENV: "production",
        NEXT_DIST_DIR: DIST_DIR,
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        APP_URL: appUrl || url,
        NEXTAUTH_URL: appUrl || url,
        AUTH_SECRET: process.env.AUTH_SECRET || "integration-test-secret",
      },
      stdio: ["ignore", out, out],
    },
  );
  fs.closeSync(out);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const log = () => fs.readFileSync(logFile, "utf8");
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  };
  if (waitForHealth) {
    await pollUntil(`the server on ${url} (log: ${logFile})`, async () => {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log()}`);
      try {
        return (await fetch(`${url}/api/health`)).ok;
      } catch {
        return false; // not listening yet
      }
    });
  }
  return { url, child, logFile, exited, log, stop };
}
