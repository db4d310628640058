// `next build` into its own directory (.next-bench), once: skipped while the build is newer than every
// source. next build adds its distDir to tsconfig.json's include list; that edit is undone, so a
// benchmark never leaves the work tree dirty.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const DIST_DIR = ".next-bench";

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

export function ensureBuild({ force = false } = {}) {
  const buildId = path.join(DIST_DIR, "BUILD_ID");
  const sources = Math.max(...["app", "components", "lib", "generated", "public", "package.json", "next.config.ts", "postcss.config.mjs"].map(newestMtime));
  if (!force && fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > sources) return false;
  console.log(`Building the app into ${DIST_DIR} (next build)…`);
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  const res = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (fs.readFileSync("tsconfig.json", "utf8") !== tsconfig) fs.writeFileSync("tsconfig.json", tsconfig);
  if (res.status !== 0) throw new Error("next build failed");
  return true;
}
