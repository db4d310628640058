import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";

// E2E runs against the production server (`next build` must have run; `npm test` does it) on a fresh
// database, in Debian's Chromium (never a downloaded browser).
//
// Every run gets its own HTTP port, DNS port and database, so two runs (two checkouts, or CI beside a
// developer) can coexist. They are chosen once, when the runner loads this file, and put into the
// environment, which the workers (they load this file again) and the web server inherit. E2E_PORT,
// E2E_DNS_PORT and E2E_DATABASE_URL still override them. E2E_DB=postgres runs on a throwaway PostgreSQL
// database on TEST_PG_URL's server (created and dropped by scripts/e2e-server.mjs) instead of SQLite.
if (!process.env.E2E_PORT || !process.env.E2E_DNS_PORT) {
  // ports the OS hands out as free (TCP for the server, UDP for the DNS responder), asked for in a child
  // process because this file is loaded synchronously
  const [http, dns] = execFileSync(
    process.execPath,
    [
      "-e",
      `
    const net = require("node:net"), dgram = require("node:dgram");
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const u = dgram.createSocket("udp4").bind(0, "127.0.0.1", () => {
        console.log(s.address().port + " " + u.address().port); s.close(); u.close();
      });
    });`,
    ],
    { encoding: "utf8" },
  )
    .trim()
    .split(" ")
    .map(Number);
  process.env.E2E_PORT ??= String(http);
  process.env.E2E_DNS_PORT ??= String(dns);
}
if (!process.env.E2E_DATABASE_URL) {
  const run = `${process.pid}_${Date.now()}`;
  if (process.env.E2E_DB === "postgres") {
    const u = new URL(process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
    u.pathname = `/scim_e2e_${run}`;
    process.env.E2E_DATABASE_URL = u.toString();
  } else {
    process.env.E2E_DATABASE_URL = `file:./.test/e2e-${run}.db`;
  }
}

export const E2E_PORT = Number(process.env.E2E_PORT);
export const E2E_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATABASE_URL = String(process.env.E2E_DATABASE_URL);
// The SSO specs answer domain-verification TXT queries from a DNS responder on this loopback port.
export const E2E_DNS_PORT = Number(process.env.E2E_DNS_PORT);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: E2E_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "debian-chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${E2E_URL}/api/health`,
    reuseExistingServer: false,
    // SIGTERM (not Playwright's default SIGKILL), so scripts/e2e-server.mjs stops `next start` and then
    // removes this run's database
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(E2E_PORT),
      APP_URL: E2E_URL,
      DATABASE_URL: E2E_DATABASE_URL,
      AUTH_SECRET: "e2e-secret-not-for-production",
      NEXT_TELEMETRY_DISABLED: "1",
      DNS_SERVERS: `127.0.0.1:${E2E_DNS_PORT}`,
      // the test identity providers listen on loopback over plain http
      SSO_FETCH_ALLOW_HOSTS: "127.0.0.1,localhost",
      // the offboarding job runs every 2 s, so e2e/offboarding-removal.spec.ts sees a real automatic removal
      // (a workspace without automatic removal, or with nobody suspended past its limit, is left as it is)
      OFFBOARDING_INTERVAL_MS: "2000",
    },
  },
});
