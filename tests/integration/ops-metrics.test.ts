// Metrics and health for operators (issue 20), on the real `next start` server: /metrics scrapes in the
// Prometheus text format behind its bearer token, its counters move with SCIM traffic (by method, resource
// type and status class; 401/403/429; latency; pool use), its labels never carry user data, and it does not
// exist unless configured. /api/health is liveness; /api/health/ready also wants every migration applied.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@/lib/db/url";
import { createToken } from "@/lib/services/tokens";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with `npm start`
import { migrate } from "../../scripts/migrate.mjs";
import { ensureBuild, startNextServer, type NextServer } from "../support/next-server";
import { TEST_DB, emptyDatabase } from "../support/ops";
import { newWorkspace, uid } from "../support/workspace";

const METRICS_TOKEN = "metrics-test-token";

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe(`/metrics and readiness (${TEST_DB})`, () => {
  const servers: NextServer[] = [];
  let server: NextServer;

  beforeAll(async () => {
    ensureBuild();
    // A low rate limit, so that a burst from one token is answered with 429s.
    server = await startNextServer(databaseUrl(), {
      METRICS_TOKEN,
      SCIM_RATE_LIMIT_RPS: "1",
      SCIM_RATE_LIMIT_BURST: "10",
    });
    servers.push(server);
  }, 600_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  const scrape = async (s = server) => {
    const res = await fetch(`${s.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    return { text, samples: parse(text) };
  };

  it("needs the bearer token", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    expect(
      (await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status,
    ).toBe(200);
  });

  it("counts SCIM requests by method, resource type and status class, rejections, latency and pool use", async () => {
    const ws = await newWorkspace();
    const free = await newWorkspace({ plan: "free" });
    const { secret: burstToken } = await createToken(ws.workspace.id, { label: "burst" });
    const call = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${server.url}/scim/v2${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      });

    const before = (await scrape()).samples;
    const userNames: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const userName = `${uid("m")}@metrics.example.test`;
      const res = await call("/Users", ws.token, {
        method: "POST",
        body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName }),
      });
      expect(res.status).toBe(201);
      userNames.push(userName);
      ids.push((await res.json()).id);
    }
    expect((await call("/Groups", ws.token)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await call("/Users", "scim_not_a_real_token")).status).toBe(401);
    expect((await call("/Users", free.token)).status).toBe(403);
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => call("/Users?count=1", burstToken).then((r) => r.status)),
    );
    const limited = burst.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(0);

    const { text, samples: after } = await scrape();
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('scim_requests_total{method="POST",resource_type="User",status_class="2xx"}')).toBe(3);
    expect(delta('scim_requests_total{method="GET",resource_type="Group",status_class="2xx"}')).toBe(1);
    expect(delta('scim_requests_total{method="GET",resource_type="User",status_class="4xx"}')).toBe(2 + 1 + limited);
    expect(delta('scim_requests_total{method="GET",resource_type="User",status_class="2xx"}')).toBe(20 - limited);
    expect(delta('scim_rejected_requests_total{status="401"}')).toBe(2);
    expect(delta('scim_rejected_requests_total{status="403"}')).toBe(1);
    expect(delta('scim_rejected_requests_total{status="429"}')).toBe(limited);
    expect(delta('scim_request_duration_seconds_count{method="POST",resource_type="User"}')).toBe(3);
    expect(delta('scim_request_duration_seconds_bucket{le="+Inf",method="POST",resource_type="User"}')).toBe(3);
    expect(delta('scim_request_duration_seconds_sum{method="POST",resource_type="User"}')).toBeGreaterThan(0);
    expect(delta(`db_pool_wait_seconds_count{database="${TEST_DB}"}`)).toBeGreaterThan(0);
    expect(after.get(`db_pool_max_connections{database="${TEST_DB}"}`)).toBe(TEST_DB === "sqlite" ? 1 : 10);
    expect(after.get(`db_pool_open_connections{database="${TEST_DB}"}`)).toBeGreaterThanOrEqual(1);
    expect(after.get(`db_pool_waiting_clients{database="${TEST_DB}"}`)).toBe(0);
    expect(after.has("provisioning_log_queue_depth")).toBe(true);
    expect(after.get("scim_requests_in_flight")).toBe(0);
    expect(after.has("process_resident_memory_bytes")).toBe(true);

    // Bounded labels: no user names, resource ids, workspaces or tokens.
    for (const secret of [...userNames, ...ids, ws.workspace.id, ws.token, burstToken])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/workspace="/);
  });

  it("adds a workspace label only when the operator enables it", async () => {
    const labelled = await startNextServer(databaseUrl(), { METRICS_TOKEN, METRICS_WORKSPACE_LABEL: "1" });
    servers.push(labelled);
    const ws = await newWorkspace();
    const res = await fetch(`${labelled.url}/scim/v2/Groups`, { headers: { Authorization: `Bearer ${ws.token}` } });
    expect(res.status).toBe(200);
    const { samples } = await scrape(labelled);
    expect(
      samples.get(
        `scim_requests_total{method="GET",resource_type="Group",status_class="2xx",workspace="${ws.workspace.id}"}`,
      ),
    ).toBe(1);
    await labelled.stop();
  });

  it("without METRICS_TOKEN there is no /metrics; readiness waits for migrations, liveness does not", async () => {
    const empty = await emptyDatabase();
    try {
      const bare = await startNextServer(empty.url, { METRICS_TOKEN: "" });
      servers.push(bare);
      expect((await fetch(`${bare.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${bare.url}/metrics`, { headers: { Authorization: "Bearer anything" } })).status).toBe(404);

      expect((await fetch(`${bare.url}/api/health`)).status).toBe(200);
      const notReady = await fetch(`${bare.url}/api/health/ready`);
      expect(notReady.status).toBe(503);
      const body = await notReady.json();
      expect(body).toMatchObject({
        status: "not_ready",
        shuttingDown: false,
        database: { provider: TEST_DB, reachable: true },
      });
      expect(body.pendingMigrations.length).toBeGreaterThan(0);

      await bare.stop();

      // What `npm start` does: migrate, then serve.
      migrate({ ...process.env, DATABASE_URL: empty.url }, { quiet: true });
      const migrated = await startNextServer(empty.url, { METRICS_TOKEN: "" });
      servers.push(migrated);
      const ready = await fetch(`${migrated.url}/api/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: "ready",
        shuttingDown: false,
        database: { provider: TEST_DB, reachable: true },
        pendingMigrations: [],
      });
      await migrated.stop();
    } finally {
      await empty.drop();
    }
  });
});
