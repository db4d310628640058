// Online backups and restores of the app's database, for `npm run admin -- backup|restore`.
//
// SQLite: SQLite's online backup API (better-sqlite3's db.backup) copies every page in one step, that is
// inside one read transaction: with the server's WAL journal that reader never blocks the server's writes,
// and the copy is the database exactly as it was at one moment (every transaction committed before the copy
// began is in it, none half). The copy is written beside the target and renamed into place when complete,
// switched to a self-contained journal mode, and checked with PRAGMA quick_check.
// PostgreSQL: pg_dump --format=custom, which reads one consistent snapshot while the server keeps writing.
//
// A restore goes only into an empty target: a SQLite file that does not exist yet (or is empty), or a
// PostgreSQL database without tables. It never overwrites a live database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseUrl, providerOf, type Provider } from "@/lib/db/url";
import { DomainError } from "@/lib/services/errors";

export interface BackupResult {
  provider: Provider;
  /** when the snapshot was taken at the earliest: every write committed before this moment is in the backup */
  snapshotAt: string;
  file: string;
  bytes: number;
  durationMs: number;
}

const SQLITE_MAGIC = "SQLite format 3\u0000";
const PGDUMP_MAGIC = "PGDMP";

/** The SQLite file a `file:` URL names (relative paths from the working directory, as the app opens it). */
export function sqlitePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

export async function backupDatabase(url: string, out: string): Promise<BackupResult> {
  const provider = providerOf(url);
  const file = path.resolve(out);
  if (fs.existsSync(file))
    throw new DomainError(
      "conflict",
      `${file} already exists; choose a new file name (a backup never overwrites a file)`,
    );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const started = performance.now();
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  let snapshotAt: Date;
  try {
    if (provider === "sqlite") snapshotAt = await backupSqlite(sqlitePath(url), partial);
    else {
      snapshotAt = new Date(); // pg_dump takes its snapshot after it starts
      backupPostgres(url, partial);
    }
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return {
    provider,
    snapshotAt: snapshotAt.toISOString(),
    file,
    bytes: fs.statSync(file).size,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Copies the database; returns a moment before its snapshot was taken. */
async function backupSqlite(source: string, partial: string): Promise<Date> {
  if (!fs.existsSync(source))
    throw new DomainError("not_found", `No SQLite database at ${source} (check DATABASE_URL)`);
  const db = new Database(source, { fileMustExist: true });
  const snapshotAt = new Date();
  try {
    db.pragma("busy_timeout = 10000");
    // The first step only opens the backup; returning the largest page count makes the next step copy the
    // whole database at once, within one read transaction (a consistent snapshot).
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  try {
    copy.pragma("journal_mode = DELETE"); // one self-contained file, no -wal beside it
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup copy failed PRAGMA quick_check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return snapshotAt;
}

/** libpq parameters pg_dump/pg_restore understand; others (Prisma's, such as schema=) are left out. */
const LIBPQ_PARAMS = new Set([
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "sslpassword",
  "application_name",
  "connect_timeout",
  "options",
  "host",
  "port",
  "target_session_attrs",
]);

/** The URL without its password (given to the tools in PGPASSWORD, so it never shows in `ps`). */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  for (const key of [...u.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) u.searchParams.delete(key);
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** The command an operator runs by hand where the PostgreSQL client tools are not installed. */
export const PG_DUMP_HINT =
  "Install the PostgreSQL client tools of the server's major version or newer (Debian/Ubuntu: apt-get install postgresql-client), " +
  "or run on a machine that has them: pg_dump --format=custom --file=FILE 'postgresql://USER@HOST:5432/DB'";

function pgTool(tool: "pg_dump" | "pg_restore", args: string[], env: NodeJS.ProcessEnv) {
  const res = spawnSync(tool, args, { env, encoding: "utf8" });
  if (res.error && (res.error as NodeJS.ErrnoException).code === "ENOENT")
    throw new DomainError("invalid", `${tool} is not installed. ${PG_DUMP_HINT}`);
  if (res.status !== 0)
    throw new Error(`${tool} failed (exit ${res.status ?? res.signal}): ${(res.stderr || res.stdout || "").trim()}`);
}

function backupPostgres(url: string, partial: string) {
  const { dbname, env } = libpqTarget(url);
  pgTool(
    "pg_dump",
    ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${dbname}`],
    env,
  );
}

export interface RestoreResult {
  provider: Provider;
  from: string;
  target: string;
  durationMs: number;
}

/** What kind of backup a file holds, from its first bytes. */
function backupKind(file: string): Provider | null {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    if (head.toString("latin1") === SQLITE_MAGIC) return "sqlite";
    if (head.subarray(0, 5).toString("latin1") === PGDUMP_MAGIC) return "postgres";
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

export async function restoreDatabase(url: string, from: string): Promise<RestoreResult> {
  const provider = providerOf(url);
  const source = path.resolve(from);
  if (!fs.existsSync(source)) throw new DomainError("not_found", `No backup file at ${source}`);
  const kind = backupKind(source);
  if (!kind)
    throw new DomainError("invalid", `${source} is neither a SQLite database nor a pg_dump custom-format archive`);
  if (kind !== provider) {
    throw new DomainError(
      "invalid",
      `${source} is a ${kind === "sqlite" ? "SQLite" : "PostgreSQL"} backup, but DATABASE_URL names a ${provider === "sqlite" ? "SQLite" : "PostgreSQL"} database`,
    );
  }
  const started = performance.now();
  const target = provider === "sqlite" ? restoreSqlite(sqlitePath(url), source) : await restorePostgres(url, source);
  return { provider, from: source, target, durationMs: Math.round(performance.now() - started) };
}

function restoreSqlite(target: string, source: string): string {
  const inUse = ["", "-wal", "-shm"].some((suffix) => {
    const f = target + suffix;
    return fs.existsSync(f) && fs.statSync(f).size > 0;
  });
  if (inUse)
    throw new DomainError(
      "conflict",
      `Refusing to restore: ${target} already holds a database. Restore into a new, empty data directory (set DATABASE_URL to it), or stop the server and move the old file away first.`,
    );
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  fs.rmSync(staging, { force: true });
  try {
    fs.copyFileSync(source, staging);
    const db = new Database(staging, { fileMustExist: true });
    try {
      const check = db.pragma("integrity_check", { simple: true });
      if (check !== "ok")
        throw new DomainError(
          "invalid",
          `The backup is damaged (PRAGMA integrity_check: ${String(check)}); nothing was restored`,
        );
    } finally {
      db.close();
    }
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(target + suffix, { force: true }); // empty leftovers only (checked above)
    // link() fails if the target appeared meanwhile (a server started on it): never overwrite.
    fs.linkSync(staging, target);
  } finally {
    fs.rmSync(staging, { force: true });
  }
  return target;
}

async function restorePostgres(url: string, source: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  let tables: number;
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    tables = rows[0].n;
  } finally {
    await client.end();
  }
  const { dbname, env } = libpqTarget(url);
  const name = new URL(dbname).pathname.slice(1);
  if (tables > 0) {
    throw new DomainError(
      "conflict",
      `Refusing to restore: database "${name}" already has ${tables} tables. Create an empty database (createdb NEW) and point DATABASE_URL at it.`,
    );
  }
  pgTool(
    "pg_restore",
    ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${dbname}`, source],
    env,
  );
  return name;
}

/** Backs up the app's own database (DATABASE_URL), on a connection of its own. */
export function backupAppDatabase(out: string): Promise<BackupResult> {
  return backupDatabase(databaseUrl(), out);
}

/** Restores into the app's own database (DATABASE_URL), which must be empty (see restoreDatabase). */
export function restoreAppDatabase(from: string): Promise<RestoreResult> {
  return restoreDatabase(databaseUrl(), from);
}
