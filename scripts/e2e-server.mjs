// Starts `next start` for Playwright on a fresh, migrated database (DATABASE_URL; SQLite file by default).
import { spawn } from "node:child_process";
import fs from "node:fs";
import { migrate } from "./migrate.mjs";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
if (url.startsWith("file:")) {
  const file = url.slice("file:".length);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}
if (!fs.existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`)) {
  console.error("No production build: run `npm run build` first (npm test does).");
  process.exit(1);
}
migrate(process.env, { quiet: true });
const child = spawn(process.execPath, ["-r", "./scripts/peer-address.cjs", "node_modules/next/dist/bin/next", "start", "-p", process.env.PORT ?? "3210"], { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
