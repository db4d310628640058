// `next build` into its own directory (.next-bench), once: skipped while the build is newer than every
// source. Profiling runs (--cpu-prof) use a build with readable function names in .next-bench-prof. next build adds its distDir to tsconfig.json's include list; that edit is undone, so a
// benchmark never leaves the work tree dirty.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const DIST_DIR = ".next-bench";
const PROFILE_DIST_DIR = ".next-bench-prof";

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

/** Builds if needed; returns the build's directory. `profile`: names not mangled, for CPU profiles. */
export function ensureBuild({ force = false, profile = false } = {}) {
  const distDir = profile ? PROFILE_DIST_DIR : DIST_DIR;
  const buildId = path.join(distDir, "BUILD_ID");
  const sources = Math.max(
    ...[
      "app",
      "components",
      "lib",
      "generated",
      "public",
      "package.json",
      "next.config.ts",
      "postcss.config.mjs",
      "proxy.ts",
      "instrumentation.ts",
    ].map(newestMtime),
  );
  if (!force && fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > sources) return distDir;
  console.log(`Building the app into ${distDir} (next build${profile ? " --no-mangling" : ""})…`);
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  const res = spawnSync(
    process.execPath,
    ["node_modules/next/dist/bin/next", "build", ...(profile ? ["--no-mangling"] : [])],
    {
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    },
  );
  if (fs.readFileSync("tsconfig.json", "utf8") !== tsconfig) fs.writeFileSync("tsconfig.json", tsconfig);
  if (res.status !== 0) throw new Error("next build failed");
  return distDir;
}
