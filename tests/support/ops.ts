// Shared pieces of the operations tests (tests/integration/ops-*.test.ts): the admin CLI run
// asynchronously (the SCIM load keeps going meanwhile), empty databases to restore into, and reading a
// database's users and provisioning log directly.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

export const TEST_DB = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run admin -- …` against `databaseUrl`, without blocking this process's event loop. */
export function adminCli(databaseUrl: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/admin.ts", ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** A database URL with nothing in it yet: a path in a new directory (SQLite) or an empty database. */
export async function emptyDatabase(): Promise<{ url: string; file?: string; drop(): Promise<void> }> {
  const name = `scim_ops_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  if (TEST_DB === "sqlite") {
    const dir = path.resolve(".test", name);
    const file = path.join(dir, "app.db");
    fs.mkdirSync(dir, { recursive: true });
    return { url: `file:${file}`, file, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Runs one read-only query on the database at `url` (SQLite `?` or PostgreSQL `$1` placeholders). */
export async function queryRows(
  url: string,
  sqlite: string,
  postgres: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  if (url.startsWith("file:")) {
    const db = new Database(url.replace(/^file:/, ""), { fileMustExist: true });
    try {
      db.pragma("busy_timeout = 10000");
      return db.prepare(sqlite).all(...params) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(postgres, params)).rows;
  } finally {
    await c.end();
  }
}

/** The userNames of a workspace's members. */
export async function memberUserNames(url: string, workspaceId: string): Promise<Set<string>> {
  const rows = await queryRows(
    url,
    `SELECT "userName" FROM "Member" WHERE "workspaceId" = ?`,
    `SELECT "userName" FROM "Member" WHERE "workspaceId" = $1`,
    [workspaceId],
  );
  return new Set(rows.map((r) => String(r.userName)));
}

/** PRAGMA integrity_check of a SQLite file ("ok" when clean). */
export function sqliteIntegrity(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}
