// Load generator for `npm run bench`, run as its own process beside the server. It talks HTTP/1.1 with
// keep-alive to 127.0.0.1 only, over exactly `concurrency` connections, and every job is bounded by a
// request count and a time limit. Input: a JSON job file (argv[2]); output: one JSON result on stdout.
import fs from "node:fs";
import http from "node:http";
import {
  addMemberBody,
  createGroupBody,
  createUserBody,
  deactivateBody,
  groupName,
  membership,
  rng,
  seededMemberId,
  updateUserBody,
  userName,
} from "./lib/workload.mjs";

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const base = new URL(job.baseUrl);
if (base.hostname !== "127.0.0.1") {
  console.error(`refusing to load ${base.hostname}: the benchmark only targets 127.0.0.1`);
  process.exit(2);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency, maxFreeSockets: job.concurrency });
const deadline = Date.now() + job.maxSeconds * 1000;
const prefix = job.absolute ? "" : base.pathname.replace(/\/$/, "");
const auth = job.token ? { Authorization: `Bearer ${job.token}` } : {};

/** Per-phase latencies (ms) and failures. */
class Phase {
  constructor(name) {
    Object.assign(this, { name, lat: [], errors: 0, samples: [], started: performance.now(), ended: 0 });
  }
}
let phase;
const phases = [];
function startPhase(name) {
  phase = new Phase(name);
  phases.push(phase);
}

function send(method, path, body, expect) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = { ...auth, Accept: "application/scim+json" };
  if (payload !== undefined)
    Object.assign(headers, { "Content-Type": "application/scim+json", "Content-Length": Buffer.byteLength(payload) });
  const p = phase;
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      { host: "127.0.0.1", port: base.port, method, path: prefix + path, headers, agent },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          p.lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
          const text = Buffer.concat(chunks).toString("utf8");
          if (!expect.includes(res.statusCode)) fail(p, `${method} ${path} → ${res.statusCode} ${text.slice(0, 300)}`);
          resolve({ status: res.statusCode, text });
        });
        res.on("error", (e) => done(e));
      },
    );
    const done = (e) => {
      p.lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
      fail(p, `${method} ${path} → ${e.message}`);
      resolve({ status: 0, text: "" });
    };
    req.on("error", done);
    req.end(payload);
  });
}

function fail(p, text) {
  p.errors++;
  if (p.samples.length < 5) p.samples.push(text);
}

const json = (r) => (r.text ? JSON.parse(r.text) : undefined);

/** Runs `fn(i)` for i in [0, n) on `concurrency` workers; stops early at the deadline. */
async function pool(n, fn) {
  let next = 0;
  const worker = async () => {
    while (next < n && Date.now() < deadline) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, n) }, worker));
  phase.ended = performance.now();
  phase.complete = next >= n;
  return phase.complete;
}

const q = (s) => encodeURIComponent(s);

// ---- jobs ----------------------------------------------------------------------------------------

const jobs = {
  /** The same request `requests` times (the framework floor, group GETs, deep pages): a GET, or with
   * `job.body` a POST of it. */
  async repeat() {
    startPhase(job.name);
    const method = job.body === undefined ? "GET" : "POST";
    await pool(job.requests, () => send(method, job.path, job.body, [200]));
  },

  /** A paged read, one page after the other as an IdP's import reads the directory: `requests` pages of
   * `count` users from `startIndex` on. Each page must be full and report the whole population. */
  async pages() {
    startPhase(job.name);
    let start = job.startIndex;
    await pool(job.requests, async () => {
      const r = await send("GET", `/Users?startIndex=${start}&count=${job.count}`, undefined, [200]);
      start += job.count;
      const body = r.status === 200 ? json(r) : undefined;
      if (body && (body.totalResults < job.population || body.Resources.length !== job.count))
        fail(
          phase,
          `page at ${start - job.count}: ${body.Resources.length} resources, totalResults ${body.totalResults}`,
        );
    });
  },

  /** Entra's matching lookup of existing users, at random among the seeded population. */
  async lookup() {
    startPhase(job.name);
    const pick = rng(42);
    await pool(job.requests, async () => {
      const r = await send(
        "GET",
        `/Users?filter=${q(`userName eq "${userName(job.tag, pick(job.population))}"`)}`,
        undefined,
        [200],
      );
      if (r.status === 200 && json(r).totalResults !== 1) fail(phase, "lookup did not find the seeded user");
    });
  },

  /** One member per PATCH into `groupId`, members taken from the seeded population from `firstUser` on. */
  async memberAdd() {
    startPhase(job.name);
    await pool(job.requests, (i) =>
      send("PATCH", `/Groups/${job.groupId}`, addMemberBody(seededMemberId(job.tag, job.firstUser + i)), [204]),
    );
  },

  /** Entra's initial cycle for a tenant of `users` users and `groups` groups. */
  async cycle() {
    const { tag, users, groups, memberships } = job;
    const userIds = new Array(users);
    const groupIds = new Array(groups);
    startPhase("users: lookup + create");
    if (
      !(await pool(users, async (i) => {
        const found = await send("GET", `/Users?filter=${q(`userName eq "${userName(tag, i)}"`)}`, undefined, [200]);
        if (found.status === 200 && json(found).totalResults !== 0) fail(phase, `user ${i} already exists`);
        const created = await send("POST", "/Users", createUserBody(tag, i), [201]);
        if (created.status === 201) userIds[i] = json(created).id;
      }))
    )
      return;
    startPhase("groups: lookup + create");
    if (
      !(await pool(groups, async (g) => {
        await send(
          "GET",
          `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${groupName(tag, g)}"`)}`,
          undefined,
          [200],
        );
        const created = await send("POST", "/Groups", createGroupBody(tag, g), [201]);
        if (created.status === 201) groupIds[g] = json(created).id;
      }))
    )
      return;
    startPhase("memberships: one Add per PATCH");
    if (
      !(await pool(memberships, async (k) => {
        const m = membership(k, users, groups);
        await send("PATCH", `/Groups/${groupIds[m.group]}`, addMemberBody(userIds[m.user]), [204]);
      }))
    )
      return;
    const half = Math.floor(users / 2);
    startPhase("updates: PATCH with several Replace ops");
    if (!(await pool(half, (i) => send("PATCH", `/Users/${userIds[i]}`, updateUserBody(tag, i), [200])))) return;
    startPhase('deactivations: active "False"');
    await pool(half, (i) => send("PATCH", `/Users/${userIds[i]}`, deactivateBody, [200]));
  },
};

function summary(name, lat, errors, seconds) {
  const sorted = Float64Array.from(lat).sort();
  const pct = (p) => (sorted.length ? sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] : null);
  return {
    name,
    requests: sorted.length,
    errors,
    seconds,
    rps: sorted.length / seconds,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    max: pct(1),
  };
}

const started = performance.now();
await jobs[job.kind]();
const seconds = (performance.now() - started) / 1000;
const all = phases.flatMap((p) => p.lat);
const result = {
  ...summary(
    job.name,
    all,
    phases.reduce((n, p) => n + p.errors, 0),
    seconds,
  ),
  complete: phases.every((p) => p.complete),
  phases:
    phases.length > 1
      ? phases.map((p) => summary(p.name, p.lat, p.errors, ((p.ended || performance.now()) - p.started) / 1000))
      : undefined,
  errorSamples: phases.flatMap((p) => p.samples).slice(0, 5),
};
agent.destroy();
process.stdout.write(JSON.stringify(result) + "\n");
