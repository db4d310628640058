import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PgClient } from "@/generated/postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
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
    const db = new PgClient({
      adapter: new PrismaPg({ connectionString: url, max, connectionTimeoutMillis: 5_000 }),
    }) as unknown as Db;
    return { db, provider, ready: Promise.resolve() };
  }
  // better-sqlite3 waits up to `timeout` ms for a lock instead of failing with SQLITE_BUSY.
  const db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
  // WAL lets readers run beside the writer; NORMAL sync is crash-safe for the process (kill -9) in WAL.
  const ready = (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return { db, provider, ready };
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
