// The server under test: `next start` of the bench build on 127.0.0.1, and a sampler of its resident
// memory (the whole process tree: `next start` and any next-server child) every 200 ms.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startServer({ env, logFile, distDir, nodeArgs = [] }) {
  const port = await freePort();
  const out = fs.openSync(logFile, "a");
  const child = spawn(
    process.execPath,
    [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        // The per-token rate limit (200 req/s) would answer most of a fast cycle with 429s: the benchmark
        // measures the server, so it is off unless SCIM_RATE_LIMIT_RPS is set explicitly.
        SCIM_RATE_LIMIT_RPS: "0",
        ...process.env,
        ...env,
        NODE_ENV: "production",
        NEXT_DIST_DIR: distDir,
        NEXT_TELEMETRY_DISABLED: "1",
        BENCH_FLOOR: "1",
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
      },
      stdio: ["ignore", out, out],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`the server did not become healthy in 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, url, pid: child.pid, stop: () => stopServer(child) };
}

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** One process's /proc/<pid>/stat: its command name, parent, and the fields after the name (`f[0]` is
 * field 3, the state). Null when the process is gone. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const f = stat.slice(close + 2).split(" ");
    return { pid: Number(pid), comm: stat.slice(stat.indexOf("(") + 1, close), ppid: Number(f[1]), f };
  } catch {
    return null;
  }
}

/** Every process on the machine, from /proc. */
function allProcesses() {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(procStat)
    .filter(Boolean);
}

/** Pids of `pid` and all its descendants. */
function processTree(pid) {
  const parents = new Map();
  for (const p of allProcesses()) {
    if (!parents.has(p.ppid)) parents.set(p.ppid, []);
    parents.get(p.ppid).push(p.pid);
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]) ?? []));
  return out;
}

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU time (user + system, ms) in a stat, with the reaped children's when `children`. */
function cpuMsOf(stat, children = false) {
  const f = stat.f;
  return ((Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0)) * 1000) / CLOCK_TICKS;
}

const cpuMs = (pid) => {
  const stat = procStat(pid);
  return stat ? cpuMsOf(stat) : 0;
};

/** CPU used by the PostgreSQL server on this machine: every `postgres` process, plus the backends that
 * already exited (counted in the postmaster's children: the postgres process whose parent is not one).
 * Null when none runs. */
function postgresCpuMs() {
  const postgres = allProcesses().filter((p) => p.comm === "postgres");
  if (!postgres.length) return null;
  const pids = new Set(postgres.map((p) => p.pid));
  return postgres.reduce((sum, p) => sum + cpuMsOf(p, !pids.has(p.ppid)), 0);
}

/** Samples the server's process tree: summed RSS every 200 ms (`peakMb()` since the last `reset()`), and
 * the CPU time it and (when `postgres`) the PostgreSQL server used since then (`cpu()`): the cost of a
 * request, which varies less than requests/s when the machine's speed swings from run to run. SQLite runs
 * inside the server, so its work is in the server's figure. */
export function rssSampler(pid, { postgres = false } = {}) {
  let tree = processTree(pid);
  let peak = 0;
  let ticks = 0;
  let cpuStart = { server: 0, db: null };
  const cpuNow = () => ({ server: tree.reduce((sum, p) => sum + cpuMs(p), 0), db: postgres ? postgresCpuMs() : null });
  const timer = setInterval(() => {
    if (++ticks % 25 === 0) tree = processTree(pid); // children rarely change: rescan every 5 s
    peak = Math.max(
      peak,
      tree.reduce((sum, p) => sum + rssKb(p), 0),
    );
  }, 200);
  timer.unref();
  return {
    reset() {
      tree = processTree(pid);
      peak = tree.reduce((sum, p) => sum + rssKb(p), 0);
      cpuStart = cpuNow();
    },
    peakMb: () => Math.round(peak / 1024),
    /** CPU ms used since reset() by the server's processes and by PostgreSQL (null on SQLite) */
    cpu() {
      const now = cpuNow();
      return {
        serverMs: now.server - cpuStart.server,
        dbMs: now.db == null || cpuStart.db == null ? null : now.db - cpuStart.db,
      };
    },
    stop: () => clearInterval(timer),
  };
}
