// A throwaway database, migrated with the committed migrations: a fresh SQLite file in `dir`, or a fresh
// PostgreSQL database on the server at `pgAdminUrl` (its maintenance database), dropped by `drop()`.
// Shared by the integration tests (global setup), the benchmark and the crash-safety script.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrate } from "./migrate.mjs";

export const DEFAULT_PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** `prefix` names the database; the result has `name`, `url`, `file` (SQLite only) and `drop()`. */
export async function createThrowawayDatabase(kind, dir, { prefix, pgAdminUrl = DEFAULT_PG_ADMIN_URL }) {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  let url;
  let drop;
  let file;
  if (kind === "postgres") {
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(pgAdminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, `${name}.db`);
    url = `file:./${path.relative(process.cwd(), file)}`;
    drop = async () => {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    };
  }
  migrate({ ...process.env, DATABASE_URL: url }, { quiet: true });
  return { kind, name, url, file, drop };
}
