// `npm test`: the whole suite, in order — typecheck, lint, formatting, migrations in sync, unit tests, production build
// (the operations integration tests run `next start` on it, as e2e does), integration tests on SQLite and
// on PostgreSQL, Playwright e2e in Debian's Chromium (all specs on SQLite; the SCIM token, members, SSO
// sign-in and issue 16's guardrail, doctor and offboarding specs again on PostgreSQL).
// Ends with one summary line "N passed, N failed" over every test that ran.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

const reports = path.join(".test", "reports");
fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });
const pgUrl = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TEST_PG_URL: pgUrl };

const vitest = (project, file, extra = {}) => ({
  cmd: process.execPath,
  args: [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${path.join(reports, file)}`,
  ],
  env: extra,
  report: file,
});

const steps = [
  { name: "typecheck", cmd: process.execPath, args: ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."] },
  { name: "lint", cmd: process.execPath, args: ["node_modules/eslint/bin/eslint.js", "--max-warnings", "0", "."] },
  // one layout for everyone's code (.prettierrc.json: 120 columns); `npm run format` fixes what this finds
  {
    name: "formatting (Prettier)",
    cmd: process.execPath,
    args: ["node_modules/prettier/bin/prettier.cjs", "--check", "--log-level", "warn", "."],
  },
  { name: "migrations match models", cmd: "bash", args: ["scripts/check-migrations.sh"], env: { POSTGRES_URL: pgUrl } },
  { name: "unit tests", ...vitest("unit", "unit.json") },
  { name: "production build", cmd: process.execPath, args: ["node_modules/next/dist/bin/next", "build"] },
  { name: "integration tests (SQLite)", ...vitest("integration", "integration-sqlite.json", { TEST_DB: "sqlite" }) },
  {
    name: "integration tests (PostgreSQL)",
    ...vitest("integration", "integration-postgres.json", { TEST_DB: "postgres" }),
  },
  {
    // kill -9 the real server at random moments: nothing acknowledged may be lost (and a lost write is seen)
    name: "crash safety (3 runs and self-checks, SQLite)",
    cmd: process.execPath,
    args: ["scripts/crash-check.mjs"],
    env: { CRASH_CHECK_REPORT: path.join(reports, "crash.json") },
    report: "crash.json",
  },
  {
    name: "e2e (Playwright, Debian Chromium, next start)",
    cmd: process.execPath,
    args: ["node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "e2e.json") },
    report: "e2e.json",
  },
  {
    // the same server on a throwaway PostgreSQL database (playwright.config.ts, E2E_DB=postgres): the SCIM
    // token, members and SAML sign-in journeys, the ones whose queries differ most between the databases,
    // and issue 16's whose queries touch the database most (~2.5 min): the guardrail's counting and row lock
    // with held changes audited, the doctor's silence check (timestamps), the offboarding preview and seat
    // counts, and the offboarding job's automatic removal
    name: "e2e on PostgreSQL (SCIM token, members, SSO sign-in, guardrail, doctor, offboarding)",
    cmd: process.execPath,
    args: [
      "node_modules/@playwright/test/cli.js",
      "test",
      "--reporter=list,json",
      "e2e/admin-scim-token.spec.ts",
      "e2e/admin-members.spec.ts",
      "e2e/sso-saml.spec.ts",
      "e2e/guardrail.spec.ts",
      "e2e/guardrail-audit.spec.ts",
      "e2e/doctor-checks.spec.ts",
      "e2e/scim-doctor.spec.ts",
      "e2e/offboarding-removal.spec.ts",
      "--grep",
      "an owner connects SCIM|invite, change role|a SCIM member signs in with SAML|guardrail at 1440 px|guardrail: held|doctor: no request|offboarding policy: owner sets|offboarding policy: the job removes",
    ],
    env: { E2E_DB: "postgres", PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "e2e-postgres.json") },
    report: "e2e-postgres.json",
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
/** Each failed test by name, printed again at the end: CI keeps only the tail of the output. */
const failedTests = [];
const t0 = Date.now();

for (const step of steps) {
  if (only.length && !only.some((o) => step.name.includes(o))) continue;
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const res = spawnSync(step.cmd, step.args, { stdio: "inherit", env: { ...env, ...(step.env ?? {}) } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (step.report) countReport(path.join(reports, step.report));
  if (res.status !== 0) {
    failures.push(step.name);
    console.log(`✗ ${step.name} failed (${secs}s)`);
    if (!step.report) failed++;
  } else {
    console.log(`✓ ${step.name} (${secs}s)`);
  }
}

function countReport(file) {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  if (typeof r.numPassedTests === "number") {
    // vitest
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    for (const file of r.testResults ?? [])
      for (const t of file.assertionResults ?? [])
        if (t.status === "failed") failedTests.push(failedLine(file.name, t.fullName, t.failureMessages?.[0]));
  } else if (r.stats) {
    // playwright
    passed += r.stats.expected ?? 0;
    failed += (r.stats.unexpected ?? 0) + (r.stats.flaky ?? 0);
    skipped += r.stats.skipped ?? 0;
    collectPlaywrightFailures(r.suites ?? []);
  }
}

function collectPlaywrightFailures(suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === "unexpected" || t.status === "flaky") {
          const last = t.results?.at(-1);
          failedTests.push(failedLine(spec.file, `${spec.title} (${t.status})`, last?.error?.message));
        }
    collectPlaywrightFailures(suite.suites ?? []);
  }
}

/** One line per failure: where, which test, and the first line of its error without terminal colours. */
function failedLine(file, title, message) {
  const first =
    stripVTControlCharacters(message ?? "")
      .split("\n")
      .find((l) => l.trim()) ?? "";
  return `  ✗ ${path.relative(process.cwd(), path.resolve(file))} › ${title}${first ? `\n      ${first.trim().slice(0, 300)}` : ""}`;
}

if (failedTests.length) console.log(`\nFailed tests:\n${failedTests.join("\n")}`);
console.log(
  `\nTotal time ${((Date.now() - t0) / 1000).toFixed(0)}s${failures.length ? `; failed steps: ${failures.join(", ")}` : ""}`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failures.length ? 1 : 0);
