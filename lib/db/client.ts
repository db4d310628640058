import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient } from "@/generated/postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { SQLITE_UNICODE_LOWER, unicodeLower } from "./sql-functions";
import { databaseUrl, providerOf, type Provider } from "./url";

// Both generated clients share one model folder, so their APIs are identical; the SQLite one is used
// as the canonical type.
export type Db = SqliteClient;

export interface Database {
  db: Db;
  provider: Provider;
  /** resolves once per-connection settings (SQLite pragmas) are applied */
  ready: Promise<void>;
}

export function createDatabase(url = databaseUrl()): Database {
  const provider = providerOf(url);
  if (provider === "postgres") {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    // Bounded waits, so an unreachable or frozen database (network partition, stopped VM) turns into a
    // 503 instead of requests that hang forever: 5 s to connect, and each query's answer within
    // DATABASE_QUERY_TIMEOUT_MS (default 15 s, far above any real query, below Entra's 60 s timeout).
    const queryTimeout = Number(process.env.DATABASE_QUERY_TIMEOUT_MS ?? 15_000);
    const db = new PgClient({
      adapter: new PrismaPg({
        connectionString: url,
        max,
        connectionTimeoutMillis: 5_000,
        ...(queryTimeout > 0 ? { query_timeout: queryTimeout } : {}),
        keepAlive: true,
      }),
    }) as unknown as Db;
    return { db, provider, ready: Promise.resolve() };
  }
  // better-sqlite3 waits up to `timeout` ms for a lock instead of failing with SQLITE_BUSY.
  const db = new SqliteClient({ adapter: serializedSqlite(new PrismaBetterSQLite3({ url, timeout: 10_000 })) });
  // WAL lets readers run beside the writer; NORMAL sync is crash-safe for the process (kill -9) in WAL.
  const ready = (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return { db, provider, ready };
}

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * better-sqlite3 gives Prisma a single connection. Prisma's adapter runs one transaction at a time, but
 * lets queries *outside* a transaction through while one is open: such a query then executes inside that
 * transaction, sees its uncommitted rows, and is rolled back with it, so a concurrent request's write can
 * silently disappear (seen with the SCIM provisioning log under parallel requests). This wrapper queues
 * every top-level query behind the open transaction. It also registers SQLITE_UNICODE_LOWER (sql-functions.ts).
 * Consequence: inside `db.$transaction(async (tx) => …)` use `tx`, never `db` (that would wait for itself).
 */
function serializedSqlite(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter: SqliteAdapter = await connect();
    const native = (adapter as unknown as { client?: { function?: (name: string, o: object, fn: (s: unknown) => unknown) => void } }).client;
    native?.function?.(SQLITE_UNICODE_LOWER, { deterministic: true }, unicodeLower);

    let tail: Promise<void> = Promise.resolve();
    /** Waits for everything queued before, then holds the connection until `release` is called. */
    const acquire = (): Promise<() => void> => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const ready = tail;
      tail = tail.then(() => held);
      return ready.then(() => release);
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
    return adapter;
  };
  return factory;
}

const g = globalThis as unknown as { __database?: Database };

/** The process-wide database, created on first use (never at import time, so `next build` needs no DB). */
export function database(): Database {
  return (g.__database ??= createDatabase());
}

/** The Prisma client, after SQLite pragmas are in place. */
export async function getDb(): Promise<Db> {
  const d = database();
  await d.ready;
  return d.db;
}
