// Applies committed migrations to the configured database (DATABASE_URL; embedded SQLite by default),
// then the data fixes SQL cannot express on both databases (scripts/data-fixes.mjs).
// Usage: node scripts/migrate.mjs   — used by `npm start`, the test setup and `npm run db:deploy`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function migrate(env = process.env, { quiet = false } = {}) {
  const url = env.DATABASE_URL || "file:./data/app.db";
  const isPg = /^postgres(ql)?:\/\//.test(url);
  if (!isPg) {
    // private: the directory 0700 (when created here) and the database file 0600 (see lib/db/client.ts)
    const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, "a", 0o600));
    fs.chmodSync(file, 0o600);
  }
  const config = isPg ? "prisma.postgres.config.ts" : "prisma.sqlite.config.ts";
  const res = spawnSync(
    process.execPath,
    [
      "-r",
      "./scripts/unref-long-timers.cjs",
      "node_modules/prisma/build/index.js",
      "migrate",
      "deploy",
      "--config",
      config,
    ],
    {
      env: { ...env, DATABASE_URL: url, [isPg ? "POSTGRES_URL" : "SQLITE_URL"]: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: quiet ? "pipe" : "inherit",
      encoding: "utf8",
    },
  );
  if (res.status !== 0) {
    if (quiet) process.stderr.write(`${res.stdout ?? ""}${res.stderr ?? ""}`);
    throw new Error(`prisma migrate deploy failed for ${isPg ? "PostgreSQL" : url}`);
  }
  // the data fixes SQL cannot do on both databases (scripts/data-fixes.mjs); a no-op once done
  const fixes = spawnSync(process.execPath, ["scripts/data-fixes.mjs"], {
    env: { ...env, DATABASE_URL: url },
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
  });
  if (fixes.status !== 0) {
    if (quiet) process.stderr.write(`${fixes.stdout ?? ""}${fixes.stderr ?? ""}`);
    throw new Error(`data fixes failed for ${isPg ? "PostgreSQL" : url}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    migrate();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
