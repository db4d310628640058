import { defineConfig, devices } from "@playwright/test";

// E2E runs against the production server (`next build` must have run; `npm test` does it) on a fresh
// SQLite database, in Debian's Chromium (never a downloaded browser).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:./.test/e2e.db";
// The SSO specs answer domain-verification TXT queries from a DNS responder on this loopback port.
export const E2E_DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 53531);

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
          args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${E2E_URL}/api/health`,
    reuseExistingServer: false,
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
    },
  },
});
