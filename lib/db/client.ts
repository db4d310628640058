import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient } from "@/generated/postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PreparedStatements, postgresSql, sqliteSql, type Sql, type SqliteLane } from "./sql";
import { naturalKey, SQLITE_NATURAL_KEY, SQLITE_UNICODE_LOWER, unicodeLower } from "./sql-functions";
import { databaseUrl, providerOf, type Provider } from "./url";
import {
  BACKSTOP_AUTOCHECKPOINT_PAGES,
  DEFAULT_AUTOCHECKPOINT_PAGES,
  startCheckpointer,
  type Checkpointer,
} from "./sqlite-checkpointer";
import { config } from "@/lib/config";
import { observePoolWait, type PoolStats } from "@/lib/metrics";
import { log } from "@/lib/log";

// Both generated clients share one model folder, so their APIs are identical; the SQLite one is used
// as the canonical type.
export type Db = SqliteClient;

export interface Database {
  db: Db;
  provider: Provider;
  /** driver-level SQL for the SCIM hot path (lib/db/sql.ts), on Prisma's own connections */
  sql: Sql;
  /** resolves once per-connection settings (SQLite pragmas) are applied */
  ready: Promise<void>;
  /** connections in use and callers waiting, for /metrics */
  poolStats(): PoolStats;
  /** SQLite: moves WAL checkpoints to a worker thread (sqlite-checkpointer.ts); the server calls it once
   * at start. A no-op on PostgreSQL. */
  startBackgroundCheckpoints(): void;
  /** Closes the connections (PostgreSQL pool, SQLite connection: its WAL is checkpointed). */
  close(): Promise<void>;
}

export function createDatabase(url = databaseUrl()): Database {
  const provider = providerOf(url);
  if (provider === "postgres") {
    const {
      DATABASE_POOL_SIZE: max,
      DATABASE_QUERY_TIMEOUT_MS: queryTimeout,
      DATABASE_PREPARED_STATEMENTS: preparedMax,
    } = config();
    // Bounded waits, so an unreachable or frozen database (network partition, stopped VM) turns into a
    // 503 instead of requests that hang forever: 5 s to connect, and each query's answer within
    // DATABASE_QUERY_TIMEOUT_MS (default 15 s, far above any real query, below Entra's 60 s timeout).
    // One pool for Prisma and the driver-level SCIM queries: DATABASE_POOL_SIZE bounds both together, and
    // the timeouts apply to both.
    const pool = new pg.Pool({
      connectionString: url,
      max,
      connectionTimeoutMillis: 5_000,
      // query_timeout gives up in the client; statement_timeout makes the server cancel the statement too,
      // so an expensive query does not keep a backend busy after its request has been answered.
      ...(queryTimeout > 0 ? { query_timeout: queryTimeout, statement_timeout: queryTimeout } : {}),
      keepAlive: true,
    });
    pool.on("error", (e) => log.warn({ reason: e.message }, "idle PostgreSQL connection failed"));
    timePoolCheckouts(pool);
    const db = new PgClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
    // DATABASE_PREPARED_STATEMENTS=0 turns prepared statements off (a pooler in transaction mode that
    // cannot keep them, such as PgBouncer before 1.21).
    const prepared = new PreparedStatements(preparedMax);
    return {
      db,
      provider,
      sql: postgresSql(pool, prepared),
      ready: Promise.resolve(),
      poolStats: () => ({
        database: "postgres",
        max,
        open: pool.totalCount,
        busy: pool.totalCount - pool.idleCount,
        waiting: pool.waitingCount,
      }),
      startBackgroundCheckpoints() {},
      async close() {
        await db.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  }
  const file = privateSqliteFile(url);
  // better-sqlite3 waits up to `timeout` ms for a lock instead of failing with SQLITE_BUSY.
  const connection: SqliteConnection = { autocheckpoint: DEFAULT_AUTOCHECKPOINT_PAGES };
  const db = new SqliteClient({
    adapter: serializedSqlite(new PrismaBetterSQLite3({ url, timeout: 10_000 }), connection),
  });
  // WAL lets readers run beside the writer; NORMAL sync is crash-safe for the process (kill -9) in WAL.
  // 32 MB of page cache (default 2 MB) keeps the hot indexes of a large workspace in memory.
  const ready = (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    await db.$queryRawUnsafe("PRAGMA cache_size = -32000");
  })();
  let settled = false;
  let checkpointer: Checkpointer | undefined;
  ready.then(
    () => (settled = true),
    () => {},
  );
  const lane: SqliteLane = {
    hold() {
      const c = connection.current;
      if (!settled || !c?.native.open) return null;
      const release = c.hold();
      return release && { conn: c.native, release };
    },
    use(fn) {
      const c = connection.current;
      if (settled && c?.native.open) return c.use(() => fn(c.native));
      return (async () => {
        // Prisma connects lazily (and again after $disconnect): let it, then use its connection.
        await ready;
        if (!connection.current?.native.open) await db.$connect();
        const now = connection.current;
        if (!now?.native.open) throw new Error("The SQLite connection is not open");
        return now.use(() => fn(now.native));
      })();
    },
  };
  return {
    db,
    provider,
    sql: sqliteSql(lane),
    ready,
    poolStats: () => {
      const users = connection.current?.users() ?? 0;
      return {
        database: "sqlite",
        max: 1,
        open: connection.current?.native.open ? 1 : 0,
        busy: Math.min(users, 1),
        waiting: Math.max(users - 1, 0),
      };
    },
    startBackgroundCheckpoints() {
      if (checkpointer || !file) return;
      const setThreshold = (pages: number) => {
        connection.autocheckpoint = pages;
        const c = connection.current;
        if (c?.native.open) void c.use(() => c.native.pragma(`wal_autocheckpoint = ${pages}`)).catch(() => {});
      };
      checkpointer = startCheckpointer(file, (e) => {
        log.warn({ reason: e?.message }, "SQLite checkpoint worker stopped; checkpoints run on commit again");
        checkpointer = undefined;
        setThreshold(DEFAULT_AUTOCHECKPOINT_PAGES);
      });
      setThreshold(BACKSTOP_AUTOCHECKPOINT_PAGES);
    },
    async close() {
      // A group of SCIM transactions still open commits at the end of this turn (lib/db/sql.ts).
      await new Promise((resolve) => setImmediate(resolve));
      await checkpointer?.stop();
      checkpointer = undefined;
      await db.$disconnect();
    },
  };
}

/** Times every checkout from the pg pool (Prisma's and the SCIM hot path's) for db_pool_wait_seconds. */
function timePoolCheckouts(pool: pg.Pool) {
  const connect = pool.connect.bind(pool) as (
    cb?: (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void,
  ) => Promise<pg.PoolClient> | void;
  const timed = (cb?: (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void) => {
    const started = performance.now();
    const seen = () => observePoolWait("postgres", (performance.now() - started) / 1000);
    if (cb) return connect((err, client, done) => (seen(), cb(err, client, done)));
    return (connect() as Promise<pg.PoolClient>).then((client) => (seen(), client));
  };
  pool.connect = timed as typeof pool.connect;
}

/** The database holds password hashes and directory data: its directory is created 0700 and the file
 * 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode). An existing
 * file is made 0600 too. `:memory:` and URLs that are not files are left alone. */
function privateSqliteFile(url: string): string | undefined {
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (!file || file === ":memory:") return undefined;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Create it private if it does not exist yet; an existing file is left to the chmod below (and may be
  // one the server can only read: then reads work and writes answer 503).
  if (!fs.existsSync(file)) {
    try {
      fs.closeSync(fs.openSync(file, "wx", 0o600));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // absent
    }
  }
  return file;
}

/** Prisma's current SQLite connection and the way to take it (set by serializedSqlite on connect). */
interface SqliteConnection {
  /** wal_autocheckpoint for the connection (set again on every connect) */
  autocheckpoint: number;
  current?: {
    native: BetterSqlite.Database;
    use<T>(fn: () => T): Promise<T>;
    /** holds the connection now, if nothing holds or waits for it; null otherwise */
    hold(): (() => void) | null;
    users(): number;
  };
}

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * better-sqlite3 gives Prisma a single connection, which the SCIM hot path (lib/db/sql.ts) shares. Prisma's
 * adapter runs one transaction at a time, but lets queries *outside* a transaction through while one is
 * open: such a query then executes inside that transaction, sees its uncommitted rows, and is rolled back
 * with it, so a concurrent request's write can silently disappear (seen with the SCIM provisioning log under
 * parallel requests). This wrapper queues every top-level query behind the open transaction, and the SCIM
 * hot path's work behind both (that work is synchronous: it runs at once when nothing holds the connection).
 * One connection means one writer in the process: nothing here ever waits on SQLITE_BUSY for itself. It
 * also registers SQLITE_UNICODE_LOWER and SQLITE_NATURAL_KEY (sql-functions.ts).
 * Consequence: inside `db.$transaction(async (tx) => …)` use `tx`, never `db` (that would wait for itself).
 */
function serializedSqlite(factory: PrismaBetterSQLite3, connection: SqliteConnection): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter: SqliteAdapter = await connect();
    const native = (adapter as unknown as { client: BetterSqlite.Database }).client;
    native.function(SQLITE_UNICODE_LOWER, { deterministic: true }, unicodeLower);
    native.function(SQLITE_NATURAL_KEY, { deterministic: true }, naturalKey);
    native.pragma(`wal_autocheckpoint = ${connection.autocheckpoint}`);

    let tail: Promise<void> = Promise.resolve();
    /** holders and waiters of the connection */
    let users = 0;
    /** Queues a holder: `ready` settles when everything queued before is done; the connection is then
     * held until `release` is called. */
    const enqueue = () => {
      users++;
      let release!: () => void;
      let released = false;
      const held = new Promise<void>(
        (resolve) =>
          (release = () => {
            if (released) return;
            released = true;
            users--;
            resolve();
          }),
      );
      const ready = tail;
      tail = tail.then(() => held);
      return { ready, release };
    };
    /** Waits for everything queued before, then holds the connection until `release` is called. */
    const acquire = (): Promise<() => void> => {
      const { ready, release } = enqueue();
      const started = performance.now();
      return ready.then(() => {
        observePoolWait("sqlite", (performance.now() - started) / 1000);
        return release;
      });
    };
    const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
      const release = await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    };
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const executeScript = adapter.executeScript.bind(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.queryRaw = (query) => exclusive(() => queryRaw(query));
    adapter.executeRaw = (query) => exclusive(() => executeRaw(query));
    adapter.executeScript = (script) => exclusive(() => executeScript(script));
    adapter.startTransaction = async (isolationLevel) => {
      const release = await acquire();
      try {
        const tx = await startTransaction(isolationLevel);
        let open = true;
        const end = (finish: () => Promise<void>) => async () => {
          try {
            await finish();
          } finally {
            if (open) release();
            open = false;
          }
        };
        tx.commit = end(tx.commit.bind(tx));
        tx.rollback = end(tx.rollback.bind(tx));
        return tx;
      } catch (e) {
        release();
        throw e;
      }
    };
    const runNow = <T>(fn: () => T): Promise<T> => {
      try {
        return Promise.resolve(fn());
      } catch (e) {
        return Promise.reject(e);
      }
    };
    // Synchronous work needs no place in the queue when the queue is empty: nothing can run beside it.
    connection.current = {
      native,
      use: (fn) => (users === 0 ? (observePoolWait("sqlite", 0), runNow(fn)) : exclusive(async () => fn())),
      hold: () => {
        if (users !== 0) return null;
        observePoolWait("sqlite", 0);
        return enqueue().release;
      },
      users: () => users,
    };
    return adapter;
  };
  return factory;
}

const g = globalThis as unknown as { __database?: Database };

/** The process-wide database, created on first use (never at import time, so `next build` needs no DB). */
export function database(): Database {
  return (g.__database ??= createDatabase());
}

/** Closes the process-wide database if it was opened (graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const d = g.__database;
  if (!d) return;
  await d.ready.catch(() => undefined);
  await d.close();
}

/** The Prisma client, after SQLite pragmas are in place. */
export async function getDb(): Promise<Db> {
  const d = database();
  await d.ready;
  return d.db;
}
