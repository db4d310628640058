// Starts `next start` for Playwright on a fresh, migrated database (DATABASE_URL): a SQLite file, or a
// PostgreSQL database that this script creates (it must not exist) and drops again when the server stops.
// The SQLite file is removed when the server stops as well, so per-run databases do not pile up.
import { spawn } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { migrate } from "./migrate.mjs";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
if (!fs.existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`)) {
  console.error("No production build: run `npm run build` first (npm test does).");
  process.exit(1);
}

let cleanup = async () => {};
if (url.startsWith("file:")) {
  const file = url.slice("file:".length);
  const remove = () => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  };
  remove();
  cleanup = async () => remove();
} else {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name "${name}"`);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: adminUrl.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  cleanup = () =>
    admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) =>
      console.error(`could not drop ${name}: ${e.message}`),
    );
}

migrate(process.env, { quiet: true });
const child = spawn(
  process.execPath,
  ["-r", "./scripts/peer-address.cjs", "node_modules/next/dist/bin/next", "start", "-p", process.env.PORT ?? "3000"],
  { stdio: "inherit" },
);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => {
  cleanup().finally(() => process.exit(code ?? 0));
});
