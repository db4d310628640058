// `npm run bench [-- options]`: builds the app once, starts the production server on a fresh database,
// creates tenants through the admin CLI, drives the server from a separate load-generator process
// (bench/load.mjs) and prints requests/s, latency percentiles, errors and peak server RSS per scenario,
// then records them in BENCHMARKS.md. See bench/README.md for the options.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuild } from "./lib/build.mjs";
import { createDatabase, createTenant } from "./lib/database.mjs";
import { describeMachine, loadAverage } from "./lib/machine.mjs";
import { createUserBody } from "./lib/workload.mjs";
import { resultsTable, section, targets, writeSection } from "./lib/report.mjs";
import { rssSampler, startServer } from "./lib/server.mjs";
import { startNginx } from "../scripts/nginx-balancer.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const RESULTS = path.join("bench", "results");
fs.mkdirSync(RESULTS, { recursive: true });

const ALL = ["floor", "floor-body", "entra-cycle", "lookup", "member-add", "group-get", "deep-page"];
const { values: o } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    scenario: { type: "string", multiple: true },
    users: { type: "string", default: "10000" },
    groups: { type: "string", default: "100" },
    memberships: { type: "string" },
    concurrency: { type: "string", default: "16,64" },
    "bulk-users": { type: "string", default: "1000000" },
    "big-group": { type: "string", default: "100000" },
    "max-seconds": { type: "string", default: "540" },
    "cpu-prof": { type: "boolean", default: false },
    instances: { type: "string", default: "1" },
    rebuild: { type: "boolean", default: false },
    "no-report": { type: "boolean", default: false },
    rounds: { type: "string", default: "1" },
  },
});
const dbs = o.db === "both" ? ["sqlite", "postgres"] : [o.db];
if (!dbs.every((d) => d === "sqlite" || d === "postgres")) throw new Error("--db must be sqlite, postgres or both");
const instances = Number(o.instances);
if (!(Number.isInteger(instances) && instances >= 1)) throw new Error("--instances must be a whole number ≥ 1");
if (instances > 1 && dbs.includes("sqlite"))
  throw new Error("--instances > 1 needs --db postgres (SQLite serves one process)");
const rounds = Number(o.rounds);
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error("--rounds must be a whole number ≥ 1");
const scenarios = o.scenario ? o.scenario.flatMap((s) => s.split(",")) : ALL;
for (const s of scenarios) if (!ALL.includes(s)) throw new Error(`unknown scenario "${s}" (one of ${ALL.join(", ")})`);
const users = Number(o.users);
const opts = {
  users,
  groups: Number(o.groups),
  memberships: o.memberships ? Number(o.memberships) : 2 * users,
  levels: o.concurrency.split(",").map(Number),
  bulkUsers: Number(o["bulk-users"]),
  bigGroup: Math.min(Number(o["big-group"]), Number(o["bulk-users"])),
  maxSeconds: Number(o["max-seconds"]),
};

let jobNo = 0;
/** Runs one load-generator job in its own process; returns its result with the server's peak RSS. */
function load(ctx, job) {
  const file = path.join(RESULTS, `job-${process.pid}-${++jobNo}.json`);
  fs.writeFileSync(file, JSON.stringify({ baseUrl: `${ctx.server.url}/scim/v2`, maxSeconds: 120, ...job }));
  ctx.rss.reset();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bench/load.mjs", file], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.on("exit", (code) => {
      fs.rmSync(file, { force: true });
      if (code !== 0) return reject(new Error(`load generator failed (${code})`));
      const r = JSON.parse(out.trim().split("\n").pop());
      const cpu = ctx.rss.cpu();
      const perRequest = (ms) => (ms == null || !r.requests ? null : ms / r.requests);
      resolve({
        ...r,
        scenario: job.name,
        concurrency: job.concurrency,
        peakRssMb: ctx.rss.peakMb(),
        users: job.users,
        serverCpuMs: perRequest(cpu.serverMs),
        dbCpuMs: perRequest(cpu.dbMs),
        ...(cpu.instancesMs
          ? { instanceCpuMs: cpu.instancesMs.map(perRequest), balancerCpuMs: perRequest(cpu.balancerMs) }
          : {}),
      });
    });
  });
}

function tenant(ctx, slug) {
  return (ctx.tenants[slug] ??= createTenant(ctx.database.url, slug));
}

/** The 1 M-user workspace with a 100 k-member group and an empty one, seeded once per run. */
async function bulk(ctx) {
  if (ctx.bulk) return ctx.bulk;
  const t = tenant(ctx, "bulk");
  console.log(`  seeding ${opts.bulkUsers} users and a ${opts.bigGroup}-member group…`);
  const job = {
    kind: ctx.database.kind,
    url: ctx.database.url,
    workspaceId: t.workspaceId,
    tokenId: t.tokenId,
    tag: "bulk",
    users: opts.bulkUsers,
    bigGroupMembers: opts.bigGroup,
  };
  const seeded = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "bench/seed.mjs", JSON.stringify(job)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop())) : reject(new Error(`seeding failed (${code})`)),
    );
  });
  console.log(`  seeded in ${seeded.seconds.toFixed(0)} s`);
  return (ctx.bulk = { ...seeded, token: t.token });
}

/** The framework floor at each concurrency level: the fixed GET, or with `body` a POST of it. */
async function floorScenario(ctx, name, body) {
  const out = [];
  for (const c of opts.levels) {
    const job = { kind: "repeat", name, concurrency: c, requests: 20_000, maxSeconds: 60, absolute: true };
    out.push(await load(ctx, { ...job, path: "/api/bench-floor", body }));
  }
  return out;
}

const SCENARIOS = {
  floor: (ctx) => floorScenario(ctx, "floor"),
  // The floor with a body both ways: a user as Entra creates one, parsed and sent back.
  "floor-body": (ctx) => floorScenario(ctx, "floor-body", createUserBody("floor", 1)),
  async "entra-cycle"(ctx, round) {
    const out = [];
    for (const c of opts.levels) {
      // a fresh tenant each round: the cycle creates its users and groups
      const t = tenant(ctx, round === 1 ? `cycle-c${c}` : `cycle-c${c}-r${round}`);
      out.push(
        await load(ctx, {
          kind: "cycle",
          name: "entra-cycle",
          concurrency: c,
          token: t.token,
          tag: t.slug,
          users: opts.users,
          groups: opts.groups,
          memberships: opts.memberships,
          maxSeconds: opts.maxSeconds,
        }),
      );
    }
    return out;
  },
  async lookup(ctx) {
    const b = await bulk(ctx);
    const base = { kind: "lookup", name: "lookup-1m", token: b.token, tag: "bulk", population: opts.bulkUsers };
    return [
      await load(ctx, { ...base, concurrency: 1, requests: 3000, maxSeconds: 60 }),
      await load(ctx, { ...base, concurrency: 16, requests: 30_000, maxSeconds: 60 }),
    ];
  },
  async "member-add"(ctx) {
    const b = await bulk(ctx);
    const n = Math.min(5000, Math.floor((opts.bulkUsers - opts.bigGroup) / 2));
    const base = { kind: "memberAdd", token: b.token, tag: "bulk", concurrency: 16, requests: n, maxSeconds: 60 };
    return [
      await load(ctx, {
        ...base,
        name: "member-add empty group",
        groupId: b.emptyGroupId,
        firstUser: opts.bigGroup + n,
      }),
      await load(ctx, { ...base, name: "member-add 100k group", groupId: b.bigGroupId, firstUser: opts.bigGroup }),
    ];
  },
  async "group-get"(ctx) {
    const b = await bulk(ctx);
    const base = { kind: "repeat", token: b.token, concurrency: 16, requests: 10_000, maxSeconds: 60 };
    return [
      await load(ctx, {
        ...base,
        name: "group GET empty, no members",
        path: `/Groups/${b.emptyGroupId}?excludedAttributes=members`,
      }),
      await load(ctx, {
        ...base,
        name: "group GET 100k, no members",
        path: `/Groups/${b.bigGroupId}?excludedAttributes=members`,
      }),
    ];
  },
  async "deep-page"(ctx) {
    const b = await bulk(ctx);
    const start = Math.max(1, Math.floor(opts.bulkUsers * 0.9));
    // One page at a time, as Okta's and Entra's imports page through a directory (count=200, Okta's page).
    const base = { kind: "repeat", token: b.token, concurrency: 1, maxSeconds: 60 };
    const pages = Math.min(100, Math.floor((opts.bulkUsers - start) / 200) - 1);
    return [
      await load(ctx, {
        ...base,
        name: "list page startIndex=1",
        requests: 200,
        path: `/Users?startIndex=1&count=200`,
      }),
      // the same deep page again and again: no previous page, so OFFSET every time
      await load(ctx, {
        ...base,
        name: `list page startIndex=${start} (OFFSET)`,
        requests: 20,
        path: `/Users?startIndex=${start}&count=200`,
      }),
      // the pages after it, in order: each continues from the last row of the one before (ScimPageCursor)
      await load(ctx, {
        ...base,
        kind: "pages",
        name: `next ${pages} pages from ${start + 200}`,
        requests: pages,
        startIndex: start + 200,
        count: 200,
        population: opts.bulkUsers,
      }),
    ];
  },
};

async function runOn(kind) {
  console.log(`\n━━ ${kind} ━━`);
  const loadStart = loadAverage();
  const database = await createDatabase(kind, RESULTS);
  const ctx = { database, tenants: {} };
  const logFile = path.join(RESULTS, `server-${kind}.log`);
  fs.writeFileSync(logFile, "");
  const env = { DATABASE_URL: database.url, AUTH_SECRET: "bench-only-secret" };
  // --cpu-prof may not go in NODE_OPTIONS; the profile is written when the server exits.
  const nodeArgs = o["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.join(RESULTS, "profiles")}`] : [];
  const results = [];
  try {
    const warm = tenant(ctx, "warmup");
    if (instances === 1) {
      ctx.server = await startServer({ env, logFile, distDir, nodeArgs });
      ctx.rss = rssSampler(ctx.server.pid, { postgres: kind === "postgres" });
    } else {
      // N `next start` processes behind nginx (round robin), as README "Running several instances" describes.
      // The pool per instance stays at the default: N × DATABASE_POOL_SIZE must stay below max_connections.
      const servers = await Promise.all(
        Array.from({ length: instances }, () => startServer({ env, logFile, distDir, nodeArgs })),
      );
      const lb = await startNginx(servers.map((s) => s.url));
      ctx.server = {
        url: lb.url,
        stop: async () => (await lb.stop(), await Promise.all(servers.map((s) => s.stop()))),
      };
      ctx.rss = combinedSampler(
        servers.map((s, i) => rssSampler(s.pid, { postgres: i === 0 })),
        rssSampler(lb.pid),
      );
    }
    // Warm-up (not measured): route modules load and the JIT settles.
    await load(ctx, {
      kind: "repeat",
      name: "warm-up",
      concurrency: 16,
      requests: 2000,
      absolute: true,
      path: "/api/bench-floor",
    });
    await load(ctx, {
      kind: "cycle",
      name: "warm-up",
      concurrency: 16,
      token: warm.token,
      tag: "warmup",
      users: 300,
      groups: 10,
      memberships: 600,
      maxSeconds: 60,
    });
    // --rounds N: the scenarios N times over, in turn (floor, cycle, floor, cycle, …), so that a ratio to the
    // floor is taken N times beside it and its median does not hang on one run of a noisy machine.
    for (let round = 1; round <= rounds; round++) {
      if (rounds > 1) console.log(`  round ${round} of ${rounds}`);
      for (const s of scenarios)
        for (const r of await SCENARIOS[s](ctx, round)) {
          if (rounds > 1) r.round = round;
          results.push(r);
          const split = r.instanceCpuMs
            ? ` (instances ${r.instanceCpuMs.map((ms) => ms?.toFixed(2)).join(" + ")}; nginx ${r.balancerCpuMs?.toFixed(2)} ms)`
            : "";
          console.log(
            `  ${r.scenario} c${r.concurrency}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50?.toFixed(1)} p95 ${r.p95?.toFixed(1)} p99 ${r.p99?.toFixed(1)} ms, ${r.errors} errors, CPU/request ${r.serverCpuMs?.toFixed(2)} ms server${split}${r.dbCpuMs == null ? "" : ` + ${r.dbCpuMs.toFixed(2)} ms PostgreSQL`}, peak RSS ${r.peakRssMb} MB${r.complete ? "" : " (cut at time limit)"}`,
          );
          for (const e of r.errorSamples) console.log(`    error: ${e}`);
        }
    }
  } finally {
    ctx.rss?.stop();
    await ctx.server?.stop();
    await database.drop();
  }
  const meta = {
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    machine: describeMachine(),
    dbVersion: database.version,
    loadStart,
    loadEnd: loadAverage(),
    command: `npm run bench -- ${process.argv.slice(2).join(" ") || "(defaults)"}`.replace(/ -- \(defaults\)$/, ""),
  };
  console.log(`\n${resultsTable(results)}\n`);
  for (const t of targets(kind, results)) console.log(`${t.met ? "✓" : "✗"} ${t.target}: ${t.measured}`);
  // Several instances get a section of their own (postgres-2x), beside the single-process figures.
  const key = instances > 1 ? `${kind}-${instances}x` : kind;
  fs.writeFileSync(path.join(RESULTS, `${key}.json`), JSON.stringify({ meta, results }, null, 2));
  if (!o["no-report"]) writeSection(key, section(kind, meta, results));
}

/** The samplers of several instances as one: RSS and CPU summed over the instances (PostgreSQL counted
 * once, by the first), each instance's CPU and the balancer's kept apart. */
function combinedSampler(samplers, balancer) {
  return {
    reset: () => [...samplers, balancer].forEach((s) => s.reset()),
    peakMb: () => samplers.reduce((sum, s) => sum + s.peakMb(), 0),
    cpu() {
      const each = samplers.map((s) => s.cpu());
      return {
        serverMs: each.reduce((sum, c) => sum + c.serverMs, 0),
        dbMs: each[0].dbMs,
        instancesMs: each.map((c) => c.serverMs),
        balancerMs: balancer.cpu().serverMs,
      };
    },
    stop: () => [...samplers, balancer].forEach((s) => s.stop()),
  };
}

const distDir = ensureBuild({ force: o.rebuild, profile: o["cpu-prof"] });
for (const kind of dbs) await runOn(kind);
if (!o["no-report"]) console.log("\nResults written to BENCHMARKS.md");
