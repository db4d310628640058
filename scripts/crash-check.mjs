// `npm run test:crash`: a short crash-safety run and the script's self-checks, on free ports.
//   1. bench/crash-safety.mjs --runs 3 must pass (exit 0): nothing acknowledged lost across 3 kills;
//   2. --inject-loss patch and --inject-loss removal must FAIL (exit 1) and name the undone write — a
//      crash test that cannot see a lost write proves nothing.
// Needs a production build. Ends with one line "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const extra = process.argv.slice(2); // e.g. --db postgres
const checks = [
  { name: "3 runs, nothing acknowledged lost", args: ["--runs", "3"], expect: 0 },
  {
    name: "self-check: a lost PATCH is reported",
    args: ["--runs", "1", "--inject-loss", "patch", "--min-kill-ms", "2000"],
    expect: 1,
    reports: /--inject-loss patch: reverted[\s\S]*✗ user .*title "lost-patch"/,
  },
  {
    name: "self-check: a lost membership removal is reported",
    args: ["--runs", "1", "--inject-loss", "removal", "--min-kill-ms", "2000"],
    expect: 1,
    reports: /--inject-loss removal: put back[\s\S]*✗ membership .*present, last acknowledged remove/,
  },
];
let passed = 0;
let failed = 0;
for (const c of checks) {
  const args = ["bench/crash-safety.mjs", ...c.args, "--port", String(await freePort()), ...extra];
  const res = spawnSync(process.execPath, args, { encoding: "utf8" });
  const out = `${res.stdout}${res.stderr}`;
  const ok = res.status === c.expect && (!c.reports || c.reports.test(out));
  console.log(`${ok ? "✓" : "✗"} crash safety: ${c.name} (exit ${res.status})`);
  if (!ok) console.log(out.split("\n").slice(-25).join("\n"));
  if (ok) passed++;
  else failed++;
}
console.log(`${passed} passed, ${failed} failed`);
// `npm test` adds these checks to its totals (the same shape as vitest's JSON report).
if (process.env.CRASH_CHECK_REPORT)
  fs.writeFileSync(process.env.CRASH_CHECK_REPORT, JSON.stringify({ numPassedTests: passed, numFailedTests: failed }));
process.exit(failed ? 1 : 0);
