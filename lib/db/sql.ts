// Driver-level SQL for the SCIM hot path. Prisma 6's client engine plans every model query in WebAssembly
// at call time (0.5–3 ms per query on a 2-core machine, see BENCHMARKS.md), which made a SCIM request many
// times more expensive than the framework itself. The SCIM services therefore send their (few,
// parameterised) statements straight to the driver, on the same connections Prisma uses:
// - SQLite: Prisma's own better-sqlite3 connection (lib/db/client.ts), taken only while no Prisma query or
//   transaction holds it. A unit of work runs synchronously from its first statement to its last, so one
//   connection stays the only writer, nothing waits on SQLITE_BUSY inside the process, and a transaction
//   runs with nothing else interleaved (the transactions of one event-loop turn share one COMMIT: see
//   "Group commit" below).
// - PostgreSQL: the pg pool Prisma uses; a transaction holds one pooled connection from BEGIN to COMMIT.
//   Statements that recur are sent as named prepared statements (see PreparedStatements below).
//
// A unit of work is written once for both databases as a generator that yields each statement and gets its
// result back (`const rows = yield* all(…)`): SQLite drives it synchronously, PostgreSQL with an await per
// statement. A failed statement is thrown into the generator, which may translate the error (a unique
// violation into a 409) but must not go on with other statements: PostgreSQL has aborted the transaction.
import { createHash } from "node:crypto";
import type BetterSqlite from "better-sqlite3";
import pg from "pg";
import type { Provider } from "./url";

export type Row = Record<string, unknown>;
export interface Query {
  text: string;
  params: unknown[];
  /** false for statements whose text varies without bound (multi-row INSERTs): never prepared */
  prepare?: boolean;
}
export interface Result {
  rows: Row[];
  /** rows inserted, updated or deleted (0 for a SELECT) */
  changes: number;
}
/** Database work written once for both databases: yields statements, receives their results. */
export type Work<T> = Generator<Query, T, Result>;

/** The statement's full result. */
export function* statement(text: string, params: unknown[] = []): Work<Result> {
  return yield { text, params };
}

/** The rows a statement returns. */
export function* all(text: string, params: unknown[] = []): Work<Row[]> {
  return (yield { text, params }).rows;
}

/** The number of rows a statement changed. */
export function* run(text: string, params: unknown[] = []): Work<number> {
  return (yield { text, params }).changes;
}

export interface Sql {
  readonly provider: Provider;
  /** Runs the work's statements one after another, each committed on its own. */
  query<T>(work: () => Work<T>): Promise<T>;
  /** Runs the work as one transaction: all or nothing. On SQLite nothing else runs on the database from
   * BEGIN IMMEDIATE to COMMIT; on PostgreSQL it is a READ COMMITTED transaction (take row locks for
   * read-modify-write). */
  transaction<T>(work: () => Work<T>): Promise<T>;
  all(text: string, params?: unknown[]): Promise<Row[]>;
  run(text: string, params?: unknown[]): Promise<number>;
}

function withShortcuts(provider: Provider, query: Sql["query"], transaction: Sql["transaction"]): Sql {
  return {
    provider,
    query,
    transaction,
    all: (text, params = []) => query(() => all(text, params)),
    run: (text, params = []) => query(() => run(text, params)),
  };
}

// ---- SQLite --------------------------------------------------------------------------------------

/** Access to the app's one SQLite connection (lib/db/client.ts). `use` calls `fn` when no Prisma query or
 * transaction holds the connection (at once, synchronously, when it is free) and holds it while `fn` runs. */
export interface SqliteLane {
  use<T>(fn: (conn: BetterSqlite.Database) => T): Promise<T>;
  /** Holds the connection at once if nothing holds or waits for it (else null), until `release`. */
  hold?(): { conn: BetterSqlite.Database; release: () => void } | null;
}

/** How Prisma's SQLite adapter stores values: DateTime as ISO text with an explicit offset, booleans as 0/1. */
function sqliteParam(v: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  return v === undefined ? null : v;
}

const STATEMENT_CACHE_SIZE = 500;

/** The COMMITs of the SQLite groups open now (see sqliteSql). process.exit() runs no more timers: the
 * groups then commit synchronously in its 'exit' event, and later transactions run alone (synchronously,
 * as the provisioning log's last write on exit does). */
const groupsOpen = new Set<() => void>();
let exiting = false;
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.once("exit", () => {
    exiting = true;
    for (const commit of [...groupsOpen]) commit();
  });
}

export function sqliteSql(lane: SqliteLane): Sql {
  hookExit();
  const caches = new WeakMap<BetterSqlite.Database, Map<string, BetterSqlite.Statement>>();
  const transactions = new WeakMap<BetterSqlite.Database, BetterSqlite.Transaction<(work: Work<unknown>) => unknown>>();

  const prepare = (conn: BetterSqlite.Database, text: string) => {
    let cache = caches.get(conn);
    if (!cache) caches.set(conn, (cache = new Map()));
    let s = cache.get(text);
    if (!s) {
      s = conn.prepare(text);
      // Prisma's adapter turns safe integers on for the whole connection; these rows want plain numbers.
      s.safeIntegers(false);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear(); // filters make open-ended SQL: keep it bounded
      cache.set(text, s);
    }
    return s;
  };
  const exec = (conn: BetterSqlite.Database, q: Query): Result => {
    const s = prepare(conn, q.text);
    const args = q.params.map(sqliteParam);
    if (s.reader) return { rows: s.all(...args) as Row[], changes: 0 };
    return { rows: [], changes: s.run(...args).changes };
  };
  const drive = <T>(conn: BetterSqlite.Database, work: Work<T>): T => {
    let step = work.next();
    while (!step.done) {
      let result: Result;
      try {
        result = exec(conn, step.value);
      } catch (e) {
        step = work.throw(e);
        continue;
      }
      step = work.next(result);
    }
    return step.value;
  };
  const transactionOf = (conn: BetterSqlite.Database) => {
    let t = transactions.get(conn);
    if (!t) transactions.set(conn, (t = conn.transaction((work: Work<unknown>) => drive(conn, work))));
    return t;
  };

  // Group commit. A COMMIT costs more than the statements of a typical SCIM write (it writes every page
  // the transaction dirtied to the log, and BEGIN/COMMIT take and drop the log's locks; BENCHMARKS.md).
  // So the first transaction of an event-loop turn opens one (BEGIN IMMEDIATE) and holds the connection;
  // every transaction until the turn ends runs inside it as a SAVEPOINT (its own all or nothing: a failed
  // one rolls back alone), and one COMMIT at the end of the turn (setImmediate) writes them all. Nothing
  // is answered before that COMMIT: a transaction's promise, and that of any read that ran inside the
  // group (it may have seen the group's rows), settle only once the COMMIT is done, and fail if it fails.
  // Prisma's queries wait for the group like for any holder of the connection.
  interface Group {
    conn: BetterSqlite.Database;
    committed: Promise<void>;
    /** set when SQLite rolled back the whole transaction (an I/O error, a full disk): nothing commits */
    failure?: unknown;
  }
  let group: Group | null = null;
  /** Why the group can no longer commit (SQLite rolled it back), or undefined while it can. */
  const brokenGroup = (g: Group): unknown =>
    g.failure !== undefined || !g.conn.inTransaction
      ? (g.failure ?? new Error("The SQLite transaction was rolled back"))
      : undefined;

  const openGroup = (): Group | null => {
    if (exiting) return null;
    const held = lane.hold?.();
    if (!held) return null;
    const { conn, release } = held;
    try {
      prepare(conn, "BEGIN IMMEDIATE").run();
    } catch (e) {
      release();
      throw e;
    }
    let settle!: (e?: unknown) => void;
    const committed = new Promise<void>((resolve, reject) => (settle = (e) => (e ? reject(e) : resolve())));
    committed.catch(() => {}); // each member awaits it; this only keeps an unawaited failure quiet
    const g: Group = { conn, committed };
    const commit = () => {
      if (group !== g) return; // committed already
      group = null;
      groupsOpen.delete(commit);
      try {
        const broken = brokenGroup(g);
        if (broken !== undefined) throw broken;
        prepare(conn, "COMMIT").run();
        settle();
      } catch (e) {
        try {
          if (conn.inTransaction) prepare(conn, "ROLLBACK").run();
        } catch {
          // the connection reports the failure to the next user as well
        }
        settle(e ?? new Error("COMMIT failed"));
      } finally {
        release();
      }
    };
    groupsOpen.add(commit);
    setImmediate(commit);
    return (group = g);
  };

  /** Runs `fn` inside the open group; its result once the group has committed. */
  const inGroup = <T>(g: Group, fn: (conn: BetterSqlite.Database) => T): Promise<T> => {
    // After SQLite rolled the group back, a transaction here would begin and commit on its own, outside
    // the group, and then be reported failed with it.
    const broken = brokenGroup(g);
    if (broken !== undefined) return Promise.reject(broken);
    let value: T;
    try {
      value = fn(g.conn);
    } catch (e) {
      if (!g.conn.inTransaction) g.failure ??= e;
      return Promise.reject(e);
    }
    return g.committed.then(() => value);
  };

  return withShortcuts(
    "sqlite",
    (work) => (group ? inGroup(group, (conn) => drive(conn, work())) : lane.use((conn) => drive(conn, work()))),
    <T>(work: () => Work<T>): Promise<T> => {
      let g: Group | null;
      try {
        g = group ?? openGroup();
      } catch (e) {
        return Promise.reject(e);
      }
      // Inside the group: a SAVEPOINT (better-sqlite3 nests a transaction function that way).
      if (g) return inGroup(g, (conn) => transactionOf(conn)(work()) as T);
      // The connection is busy (a Prisma transaction): a transaction of its own, after it. IMMEDIATE takes
      // the write lock at BEGIN, so a transaction never fails half-way on a lock it could not upgrade
      // (another process, e.g. the admin CLI, may be writing to the same file).
      return lane.use((conn) => transactionOf(conn).immediate(work()) as T);
    },
  );
}

// ---- PostgreSQL ----------------------------------------------------------------------------------

// Timestamps are `timestamp(3)` holding UTC (as Prisma writes them): keep the text, never let pg read it
// as local time. int8 (COUNT) is read as a number.
const RAW_TEXT = (v: string) => v;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.TIMESTAMP || oid === pg.types.builtins.TIMESTAMPTZ) return RAW_TEXT;
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** Dates as UTC `timestamp` text, as Prisma writes them. */
function pgParam(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("T", " ").replace("Z", "");
  return v === undefined ? null : v;
}

/** Names for the statements worth preparing on PostgreSQL. An unnamed statement is parsed, analysed and
 * planned on every execution, which cost PostgreSQL ~0.2 ms of CPU per statement here against ~0.07 ms
 * prepared (BENCHMARKS.md): most of the database's work in a provisioning cycle. A statement text gets a
 * name once it has run twice (one-off filter shapes stay unnamed), up to `max` names, so each pooled
 * connection holds a bounded set of prepared statements. Statements name their columns (no `*`), so a
 * migration that adds columns never changes a prepared statement's result type under a running server. */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  constructor(private readonly max = 200) {}

  /** false with DATABASE_PREPARED_STATEMENTS=0 (a pooler that cannot keep them): nothing is prepared */
  get enabled(): boolean {
    return this.max > 0;
  }

  nameFor(q: Query): string | undefined {
    if (q.prepare === false || !this.enabled) return undefined;
    const name = this.names.get(q.text);
    if (name || this.names.size >= this.max) return name;
    const n = (this.seen.get(q.text) ?? 0) + 1;
    if (n < 2) {
      if (this.seen.size >= 10 * this.max) this.seen.clear(); // bounded: forget one-off texts
      this.seen.set(q.text, n);
      return undefined;
    }
    this.seen.delete(q.text);
    // Named after the text, so that the same name always means the same statement on a connection.
    const named = `scim_${createHash("sha1").update(q.text).digest("hex").slice(0, 24)}`;
    this.names.set(q.text, named);
    return named;
  }
}

/** Errors after which a connection's prepared statements cannot be trusted: a result type changed under a
 * prepared statement (0A000, a column's type changed by a migration), or a statement went missing
 * (26000, a pooler in front of PostgreSQL). The connection is discarded instead of returned to the pool. */
const PREPARED_STATEMENT_BROKEN = /^(0A000|26000)$/;
export const brokenPreparedStatement = (e: unknown) =>
  PREPARED_STATEMENT_BROKEN.test(String((e as { code?: unknown })?.code ?? ""));

/** How long a connection keeps the plans of its prepared statements before it drops them (DISCARD PLANS).
 * PostgreSQL plans a prepared statement for its parameters five times, then settles on one generic plan
 * for the statement's life on that connection, costed with the table sizes of that moment. Planned while
 * a table is tiny (a new install, the first minutes of a first sync), Entra's userName lookup settles on
 * walking the whole workspace in createdAt order — O(members) per lookup, ~3 ms at 6 000 members against
 * 0.02 ms by the unique index — and nothing replaces that plan as the table grows unless autovacuum
 * analyses it (README, "Tuning PostgreSQL") or the connection closes, which a busy pool's connections
 * never do.
 * Dropping the plans (the statements stay prepared) every 10 s bounds how long a stale plan lasts; each
 * statement is planned afresh, with the table sizes of now, the next few times it runs. BENCHMARKS.md,
 * "Ninth sitting". */
export const REPLAN_AFTER_MS = 10_000;

export function postgresSql(
  pool: pg.Pool,
  prepared = new PreparedStatements(),
  { replanAfterMs = REPLAN_AFTER_MS }: { replanAfterMs?: number } = {},
): Sql {
  /** when each connection last dropped its plans (or was first used here) */
  const plannedSince = new WeakMap<pg.PoolClient, number>();
  const freshPlans = async (client: pg.PoolClient) => {
    // Without prepared statements every statement is planned when it runs, and a pooler in transaction
    // mode would send the DISCARD to whichever server connection it picks.
    if (!prepared.enabled) return;
    const now = performance.now();
    const since = plannedSince.get(client);
    if (since === undefined) plannedSince.set(client, now);
    else if (now - since >= replanAfterMs) {
      await client.query("DISCARD PLANS");
      plannedSince.set(client, now);
    }
  };
  const exec = async (client: pg.PoolClient, q: Query): Promise<Result> => {
    const r = await client.query({
      name: prepared.nameFor(q),
      text: q.text,
      values: q.params.map(pgParam),
      types: pgTypes,
    });
    return { rows: r.rows as Row[], changes: r.command === "SELECT" ? 0 : (r.rowCount ?? 0) };
  };
  const drive = async <T>(client: pg.PoolClient, work: Work<T>): Promise<T> => {
    let step = work.next();
    while (!step.done) {
      let result: Result;
      try {
        result = await exec(client, step.value);
      } catch (e) {
        step = work.throw(e);
        continue;
      }
      step = work.next(result);
    }
    return step.value;
  };
  /** Runs `fn` on one pooled connection; a connection left unusable is discarded, not returned. */
  const withClient = async <T>(fn: (client: pg.PoolClient, discard: (e: Error) => void) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    // A checked-out connection that drops (the server restarts) emits 'error'; unheard, that would be an
    // uncaught exception. The query in flight fails with the same error, so here it only marks the
    // connection for disposal.
    const lost = (e: Error) => (broken = e);
    client.on("error", lost);
    try {
      await freshPlans(client);
      return await fn(client, lost);
    } catch (e) {
      if (brokenPreparedStatement(e)) broken = e as Error;
      throw e;
    } finally {
      client.off("error", lost);
      client.release(broken);
    }
  };
  return withShortcuts(
    "postgres",
    (work) => withClient((client) => drive(client, work())),
    (work) =>
      withClient(async (client, discard) => {
        try {
          await client.query("BEGIN");
          const value = await drive(client, work());
          await client.query("COMMIT");
          return value;
        } catch (e) {
          // A connection that cannot even roll back is discarded instead of returned to the pool.
          await client.query("ROLLBACK").catch(discard);
          throw e;
        }
      }),
  );
}

// ---- rows ----------------------------------------------------------------------------------------

/** A stored DateTime from either driver: SQLite ISO text with offset, or PostgreSQL UTC text. */
export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(s) ? s : `${s.replace(" ", "T")}Z`);
}

export const toDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : toDate(v));
export const toBool = (v: unknown): boolean => v === true || v === 1 || v === 1n || v === "1" || v === "t";
