// Creates a throwaway database for the integration run and migrates it with the committed migrations:
// a SQLite file under .test/ by default, or a fresh PostgreSQL database when TEST_DB=postgres
// (server from TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres). Workers inherit
// DATABASE_URL from here.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with npm start
import { migrate } from "../../scripts/migrate.mjs";

const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup() {
  const kind = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
  const name = `scim_test_${process.pid}_${Date.now()}`;
  let url: string;
  let teardown: () => Promise<void>;
  if (kind === "postgres") {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    teardown = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    fs.mkdirSync(".test", { recursive: true });
    const file = path.join(".test", `${name}.db`);
    url = `file:./${file}`;
    teardown = async () => {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    };
  }
  migrate({ ...process.env, DATABASE_URL: url }, { quiet: true });
  process.env.DATABASE_URL = url;
  process.env.APP_URL = "http://localhost:3000";
  process.env.AUTH_SECRET = "integration-test-secret";
  console.log(`integration tests on ${kind}: ${kind === "postgres" ? name : url}`);
  return teardown;
}
