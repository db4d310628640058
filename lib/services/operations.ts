// What the server's operational endpoints need from the database: readiness (reachable, every committed
// migration applied) and the drain before a graceful exit (write the provisioning log, close the pool).
import fs from "node:fs";
import path from "node:path";
import { closeDatabase, database, getDb } from "@/lib/db/client";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";

export interface Readiness {
  ready: boolean;
  database: { provider: string; reachable: boolean };
  /** committed migrations not applied to the database (null when the migrations folder is not there) */
  pendingMigrations: string[] | null;
}

/** Migration folders shipped with the app, read once: they change only with a new release. */
let shipped: Map<string, string[] | null> | undefined;
function shippedMigrations(provider: string): string[] | null {
  shipped ??= new Map();
  if (!shipped.has(provider)) {
    const dir = path.join(process.cwd(), "prisma", provider, "migrations");
    try {
      shipped.set(
        provider,
        fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort(),
      );
    } catch {
      shipped.set(provider, null);
    }
  }
  return shipped.get(provider)!;
}

/** Is the database reachable and fully migrated? Never throws. */
export async function readiness(): Promise<Readiness> {
  const { provider, sql } = database();
  try {
    await sql.all("SELECT 1");
  } catch {
    return { ready: false, database: { provider, reachable: false }, pendingMigrations: null };
  }
  let applied = new Set<string>();
  try {
    const rows = await sql.all(
      `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    applied = new Set(rows.map((r) => String(r.migration_name)));
  } catch {
    // no migrations table: nothing is applied
  }
  const expected = shippedMigrations(provider);
  const pending = expected === null ? null : expected.filter((m) => !applied.has(m));
  return {
    ready: pending === null || pending.length === 0,
    database: { provider, reachable: true },
    pendingMigrations: pending,
  };
}

/** At server start: SQLite checkpoints its write-ahead log on a worker thread instead of inside the COMMIT
 * of whichever request fills it (lib/db/sqlite-checkpointer.ts). Only the server does this; the admin CLI
 * and tests keep SQLite's own checkpoints. */
export function startBackgroundCheckpoints(): void {
  database().startBackgroundCheckpoints();
}

/** Before the process exits: write the queued provisioning log, then close the database. */
export async function drainForShutdown(): Promise<void> {
  await flushProvisioningLog();
  await closeDatabase();
}

/** Liveness for /api/health: does the database answer a trivial query, and how fast. Never throws. */
export async function databaseLiveness(): Promise<{ provider: string; reachable: boolean; latencyMs?: number }> {
  const started = Date.now();
  try {
    const db = await getDb();
    await db.$queryRawUnsafe("SELECT 1");
    return { provider: database().provider, reachable: true, latencyMs: Date.now() - started };
  } catch {
    return { provider: database().provider, reachable: false };
  }
}

/** Connections in use and callers waiting, for /metrics. */
export function poolStats() {
  return database().poolStats();
}
