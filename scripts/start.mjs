// `npm start`: from a fresh clone to a running production server on embedded SQLite.
// Installs dependencies if missing, generates secrets, applies migrations, builds if the sources
// changed since the last build, then runs `next start` on PORT (default 3000).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prepareEnv } from "./prepare-env.mjs";
import { migrate } from "./migrate.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);

function run(cmd, args, extraEnv = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (res.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(" ")} failed`);
    process.exit(res.status ?? 1);
  }
}

// After an upgrade (git pull) whose lockfile changed, node_modules is reinstalled too: npm writes
// node_modules/.package-lock.json on every install, so a newer package-lock.json means a pending one.
const lockChanged = (() => {
  try {
    return fs.statSync("package-lock.json").mtimeMs > fs.statSync("node_modules/.package-lock.json").mtimeMs;
  } catch {
    return false;
  }
})();
if (!fs.existsSync("node_modules/.bin/next") || !fs.existsSync("generated/sqlite") || lockChanged) {
  console.log(
    lockChanged ? "Installing dependencies (package-lock.json changed)…" : "Installing dependencies (first run)…",
  );
  const env = fs.existsSync("/usr/include/node/node.h") ? { npm_config_nodedir: "/usr" } : {};
  run("npm", [fs.existsSync("package-lock.json") ? "ci" : "install"], env);
}

const secrets = prepareEnv(root);
const port = process.env.PORT || "3000";
const appUrl = (process.env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, "");
const env = {
  ...process.env,
  PORT: port,
  APP_URL: appUrl,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || appUrl,
  AUTH_SECRET: process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET || secrets.authSecret,
  NEXT_TELEMETRY_DISABLED: "1",
};

migrate(env);

// Build when there is no build yet or any source file is newer than it.
function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}
const buildId = path.join(".next", "BUILD_ID");
const sources = ["app", "components", "lib", "generated", "public"].map(newestMtime);
const configs = ["package.json", "next.config.ts", "postcss.config.mjs"]
  .filter(fs.existsSync)
  .map((f) => fs.statSync(f).mtimeMs);
const newestSource = Math.max(...sources, ...configs);
if (!fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestSource) {
  console.log("Building the app (next build)…");
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"], env);
}

console.log(`\nServing on ${appUrl}  (SCIM Base URL: ${appUrl}/scim/v2)`);
console.log(`First run? Open ${appUrl}/setup to create the first workspace and owner,`);
console.log(
  `or: npm run admin -- workspace create --name "Acme" --plan enterprise --owner-email you@acme.test --owner-password '…'\n`,
);
// HOST=127.0.0.1 serves on loopback only (behind a reverse proxy on the same machine); default: every interface.
const hostArgs = process.env.HOST ? ["-H", process.env.HOST] : [];
const child = spawn(
  process.execPath,
  ["-r", "./scripts/peer-address.cjs", "node_modules/next/dist/bin/next", "start", "-p", port, ...hostArgs],
  { stdio: "inherit", env },
);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
