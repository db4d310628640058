// The provisioning log: one row per SCIM request. Holds what an admin needs to understand a failure,
// never secrets or whole payloads.
//
// Rows are written in batches: a request only queues its event, and the queue is written as one multi-row
// INSERT every FLUSH_MS or every FLUSH_AT events. One INSERT per request was the largest single cost of a
// SCIM request after authentication (a write transaction each; on PostgreSQL a WAL flush each). Events
// appear in the log at most FLUSH_MS late. The queue is written when the process is about to exit
// (beforeExit; on SQLite also synchronously on exit), and under `next start` at once on SIGTERM/SIGINT,
// after which every event is written as it comes; the graceful shutdown (lib/server/lifecycle.ts) waits for
// those writes before the server process exits. A crash (kill -9) can lose the last FLUSH_MS of events,
// as it loses the requests in flight. The admin pages flush this process's queue before they read the log
// (lib/services/admin/*), and so do tests.
// Several server processes: each has its own queue, so an admin page served by one process shows another
// process's events at most FLUSH_MS late (its flush cannot reach the other queue). Order is by createdAt,
// taken when the request is logged, not when the batch is written, so rows from different processes
// interleave in request order once written.
import { getDb, type Db } from "@/lib/db/client";
import { uuidv7 } from "@/lib/uuid7";
import type { Sql } from "@/lib/db/sql";
import { toStorableText } from "@/lib/storable-text";
import { log } from "@/lib/log";

export interface ProvisioningEventInput {
  workspaceId: string;
  tokenId?: string | null;
  tokenLabel?: string | null;
  method: string;
  path: string;
  query?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  externalId?: string | null;
  userName?: string | null;
  displayName?: string | null;
  status: number;
  scimType?: string | null;
  detail?: string | null;
  /** JSON: attribute paths a user write changed (lib/scim/user/changed-paths.ts) */
  changes?: string | null;
  /** JSON: attribute names a user write carried (lib/scim/user/sent-attributes.ts) */
  sentAttributes?: string | null;
  durationMs: number;
  /** the request id the client got in X-Request-Id (lib/scim-http/request-id.ts) */
  requestId?: string | null;
}

// U+0000 and unpaired surrogates (from a query string or an error detail) become U+FFFD, so the request is
// still logged on PostgreSQL.
// Anything that is not text (a client's `"externalId": 0` on a refused create) is kept as its JSON text.
const clip = (v: unknown, n: number) => {
  if (v == null) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return toStorableText(s.length > n ? s.slice(0, n - 1) + "…" : s);
};

const COLUMNS = [
  "id",
  "workspaceId",
  "tokenId",
  "tokenLabel",
  "createdAt",
  "method",
  "path",
  "query",
  "resourceType",
  "resourceId",
  "externalId",
  "userName",
  "displayName",
  "status",
  "scimType",
  "detail",
  "changes",
  "sentAttributes",
  "durationMs",
  "requestId",
] as const;

/** The event as the values of COLUMNS, clipped to what the log keeps. */
function eventValues(e: ProvisioningEventInput): unknown[] {
  const row: Record<(typeof COLUMNS)[number], unknown> = {
    id: uuidv7(),
    workspaceId: e.workspaceId,
    tokenId: e.tokenId ?? null,
    tokenLabel: e.tokenLabel ?? null,
    createdAt: new Date(),
    method: e.method,
    path: clip(e.path, 500)!,
    query: clip(e.query, 1000),
    resourceType: e.resourceType ?? null,
    resourceId: e.resourceId ?? null,
    externalId: clip(e.externalId, 300),
    userName: clip(e.userName, 300),
    displayName: clip(e.displayName, 300),
    status: e.status,
    scimType: e.scimType ?? null,
    detail: clip(e.detail, 1000),
    changes: clip(e.changes, 2000),
    sentAttributes: clip(e.sentAttributes, 2000),
    durationMs: Math.max(0, Math.round(e.durationMs)),
    requestId: clip(e.requestId, 64),
  };
  return COLUMNS.map((c) => row[c]);
}

/** Writes a batch of events (each the values of COLUMNS) at once. Event ids are time-ordered (lib/uuid7.ts),
 * like the members and groups SCIM creates that most events name, so a batch adds to the right edge of the
 * id and resourceId indexes instead of dirtying a random page per event: 35 events cost SQLite 0.56 ms of
 * CPU instead of 2.5 ms (BENCHMARKS.md). */
function insertEvents(sql: Sql, events: unknown[][]) {
  const columns = COLUMNS.map((c) => `"${c}"`).join(", ");
  if (sql.provider === "sqlite") {
    // One prepared single-row INSERT per event, in one transaction: a multi-row statement's text changes
    // with the batch size, so SQLite would parse and plan it for every batch.
    const text = `INSERT INTO "ProvisioningEvent" (${columns}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;
    return sql.transaction(function* () {
      let n = 0;
      for (const params of events) n += (yield { text, params }).changes;
      return n;
    });
  }
  // PostgreSQL: one multi-row INSERT, one round trip. Its text changes with the number of rows, so it is
  // never a prepared statement.
  const params: unknown[] = [];
  const tuples = events.map((values) => `(${values.map((v) => (params.push(v), `$${params.length}`)).join(", ")})`);
  const text = `INSERT INTO "ProvisioningEvent" (${columns}) VALUES ${tuples.join(", ")}`;
  return sql.query(function* () {
    return (yield { text, params, prepare: false }).changes;
  });
}

const FLUSH_MS = 50;
const FLUSH_AT = 200;

interface LogQueue {
  pending: { sql: Sql; values: unknown[] }[];
  timer?: ReturnType<typeof setTimeout>;
  /** batches being written */
  writing: Set<Promise<void>>;
  hooked: boolean;
  /** the process got SIGTERM/SIGINT: write every event at once */
  closing: boolean;
}

// One queue per process, also when the bundler loads this module more than once.
const g = globalThis as unknown as { __provisioningLog?: LogQueue };
const state = (g.__provisioningLog ??= { pending: [], writing: new Set(), hooked: false, closing: false });

/** Queues one event; it is written within FLUSH_MS. Never throws for a database problem. */
export function recordEvent(sql: Sql, e: ProvisioningEventInput): void {
  state.pending.push({ sql, values: eventValues(e) });
  hookShutdown();
  if (state.closing || state.pending.length >= FLUSH_AT) void flushProvisioningLog();
  else if (!state.timer) {
    state.timer = setTimeout(() => void flushProvisioningLog(), FLUSH_MS);
    state.timer.unref?.();
  }
}

/** Events queued in this process and not yet handed to the database (for /metrics). */
export function provisioningLogQueueDepth(): number {
  return state.pending.length;
}

/** Writes every queued event now and waits until all batches started so far are written. Failures are
 * logged, never thrown: the log must not turn served requests into failures. */
export async function flushProvisioningLog(): Promise<void> {
  const batch = takePending();
  if (batch.length) {
    const writing = writeBatch(batch);
    state.writing.add(writing);
    void writing.then(() => state.writing.delete(writing));
  }
  await Promise.all([...state.writing]);
}

function takePending() {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  const batch = state.pending;
  state.pending = [];
  return batch;
}

/** Chunks of at most FLUSH_AT events, per database handle. */
function chunks(batch: LogQueue["pending"]) {
  const out: { sql: Sql; rows: unknown[][] }[] = [];
  for (const sql of new Set(batch.map((p) => p.sql))) {
    const rows = batch.filter((p) => p.sql === sql).map((p) => p.values);
    for (let i = 0; i < rows.length; i += FLUSH_AT) out.push({ sql, rows: rows.slice(i, i + FLUSH_AT) });
  }
  return out;
}

async function writeBatch(batch: LogQueue["pending"]): Promise<void> {
  for (const { sql, rows } of chunks(batch)) {
    try {
      await insertEvents(sql, rows);
    } catch (e) {
      if (!refusedData(e)) {
        // The database is unreachable or failing: these events are lost, as one event per request was
        // lost when its own INSERT failed. Retrying each of them would only wait out more timeouts.
        log.error({ reason: (e as Error).message }, `provisioning log: ${rows.length} events could not be written`);
        continue;
      }
      // One event the database refuses must not take the rest of the batch with it: write them one by one.
      let lost = 0;
      let reason = "";
      for (const row of rows) {
        await insertEvents(sql, [row]).catch((err: Error) => {
          lost++;
          reason = err.message;
        });
      }
      if (lost) log.error({ reason }, `provisioning log: ${lost} of ${rows.length} events could not be written`);
    }
  }
}

/** Did the database refuse the rows themselves (a constraint, a value it cannot store), as opposed to not
 * answering? PostgreSQL SQLSTATE classes 22 (data exception) and 23 (integrity constraint); SQLite's
 * constraint, type and size errors. */
function refusedData(e: unknown): boolean {
  const code = String((e as { code?: unknown })?.code ?? "");
  return /^2[23][0-9A-Z]{3}$/.test(code) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

function hookShutdown() {
  if (state.hooked) return;
  state.hooked = true;
  // The event loop ran dry (a script, a test worker): write what is left, which keeps the process alive
  // until it is written.
  process.on("beforeExit", () => {
    if (state.pending.length) void flushProvisioningLog();
  });
  // process.exit(): only synchronous work runs any more. On SQLite the INSERT runs synchronously when the
  // connection is free, so the queue still reaches the database; on PostgreSQL it cannot.
  process.once("exit", () => {
    for (const { sql, rows } of chunks(takePending())) insertEvents(sql, rows).catch(() => {});
  });
  // Only beside a handler that already owns the signal (next start closes the server, then exits): adding
  // the first listener would stop the signal from terminating the process at all.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    if (process.listenerCount(signal) > 0) {
      process.once(signal, () => {
        state.closing = true;
        void flushProvisioningLog();
      });
    }
  }
}

/** Deletes events older than the workspace's retention setting. */
export async function pruneEventsIn(db: Db, workspaceId: string, retentionDays: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const res = await db.provisioningEvent.deleteMany({ where: { workspaceId, createdAt: { lt: cutoff } } });
  // The guardrail's decided intents go with the log, never while a window (at most 7 days) may count them.
  const decided = new Date(Math.min(cutoff.getTime(), now.getTime() - 7 * 86_400_000));
  await db.deprovisionIntent.deleteMany({ where: { workspaceId, state: { not: "held" }, createdAt: { lt: decided } } });
  return res.count;
}

/** {@link pruneEventsIn} on the app's connection. */
export async function pruneEvents(workspaceId: string, retentionDays: number, now = new Date()) {
  return pruneEventsIn(await getDb(), workspaceId, retentionDays, now);
}
