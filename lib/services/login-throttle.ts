// Login throttling, counted in the database (LoginFailure) so every server process behind a load balancer
// sees the same failures (in memory, N processes allowed N times the attempts, and a restart forgot them):
// - per (account, client address): after MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS wrong passwords within
//   WINDOW_MS that address may not try that account again until the window passes. Throttling per
//   account alone let anyone lock any account out; the owner signing in from elsewhere is unaffected;
// - per client address: after MAX_FAILURES_PER_ADDRESS wrong passwords (any accounts) the address is
//   refused, so spraying one guess over many accounts is slowed too.
// Keys are SHA-256 hashes, so the table holds neither emails nor addresses. A failure is one upsert that
// increments or restarts the window atomically, whichever process counts it.
import { createHash } from "node:crypto";
import type { Sql } from "@/lib/db/sql";

export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 10;
export const MAX_FAILURES_PER_ADDRESS = 30;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const SWEEP_EVERY_MS = 60_000;

const hashKey = (s: string) => createHash("sha256").update(s).digest("hex");
const pairKey = (account: string, address: string) => hashKey(`pair\n${address}\n${account}`);
const addressKey = (address: string) => hashKey(`address\n${address}`);

const placeholders = (sql: Sql, n: number) =>
  Array.from({ length: n }, (_, i) => (sql.provider === "postgres" ? `$${i + 1}` : "?"));

/** May this address try this account now? */
export async function loginAllowed(sql: Sql, account: string, address: string, now = Date.now()): Promise<boolean> {
  const [p1, p2, p3] = placeholders(sql, 3);
  const pair = pairKey(account, address);
  const addr = addressKey(address);
  const rows = await sql.all(
    `SELECT "key", "count" FROM "LoginFailure" WHERE "key" IN (${p1}, ${p2}) AND "windowStart" >= ${p3}`,
    [pair, addr, new Date(now - LOGIN_WINDOW_MS)],
  );
  for (const r of rows) {
    const max = r.key === pair ? MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS : MAX_FAILURES_PER_ADDRESS;
    if (Number(r.count) >= max) return false;
  }
  return true;
}

/** Counts one wrong password for the pair and for the address. */
export async function loginFailed(sql: Sql, account: string, address: string, now = Date.now()): Promise<void> {
  await sweep(sql);
  const [p1, p2, p3, p4] = placeholders(sql, 4);
  // A window older than WINDOW_MS restarts at 1; otherwise the count goes up. Both sides of SET read the old row.
  const upsert =
    `INSERT INTO "LoginFailure" ("key", "count", "windowStart") VALUES (${p1}, 1, ${p2}) ON CONFLICT ("key") DO UPDATE SET ` +
    `"count" = CASE WHEN "LoginFailure"."windowStart" < ${p3} THEN 1 ELSE "LoginFailure"."count" + 1 END, ` +
    `"windowStart" = CASE WHEN "LoginFailure"."windowStart" < ${p4} THEN excluded."windowStart" ELSE "LoginFailure"."windowStart" END`;
  const cutoff = new Date(now - LOGIN_WINDOW_MS);
  await sql.run(upsert, [pairKey(account, address), new Date(now), cutoff, cutoff]);
  await sql.run(upsert, [addressKey(address), new Date(now), cutoff, cutoff]);
}

/** A right password clears that pair (not the address: a sprayer who guesses one stays slowed). */
export async function loginSucceeded(sql: Sql, account: string, address: string): Promise<void> {
  const [p1] = placeholders(sql, 1);
  await sql.run(`DELETE FROM "LoginFailure" WHERE "key" = ${p1}`, [pairKey(account, address)]);
}

let lastSweep = 0;
/** Deletes windows that have passed, at most once a minute per process. */
async function sweep(sql: Sql) {
  const now = Date.now(); // the real clock, whatever the caller's `now`
  if (now - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now;
  const [p1] = placeholders(sql, 1);
  await sql.run(`DELETE FROM "LoginFailure" WHERE "windowStart" < ${p1}`, [new Date(now - LOGIN_WINDOW_MS)]);
}
