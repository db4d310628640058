// Reads by key that requests asking at the same moment share on PostgreSQL: one statement for the keys of
// all of them (`= ANY($1)`, or `IN (SELECT * FROM unnest($1, $2))` for pairs), instead of a round trip each.
//
// Why: on PostgreSQL every statement costs the server a socket write that wakes the database and a read
// of its answer, tens of microseconds of CPU and more of the event loop's time under load on the benchmark
// machine (BENCHMARKS.md). Identity providers send requests in bursts, so many requests need the same
// kind of row at once: their token's (token-reads.ts), the member a lookup finds or a PATCH changes
// (scim/user-reads.ts).
//
// Why a shared read is as fresh as a request's own: a batch is closed at the moment its statement is
// sent, so every request in it asked before the read began, and PostgreSQL's statement snapshot sees
// every commit that finished before then. A request that asks after the statement was sent opens the next
// batch. Only reads outside a transaction may be shared: a transaction's reads belong to its connection.
import { all, type Row, type Sql } from "@/lib/db/sql";

/** A read that many keys share: one statement whose parameters are the keys' columns, each a list. */
export interface SharedRead<K> {
  /** the statement; `params(keys)` fills its parameters */
  text: string;
  params: (keys: K[]) => unknown[];
  /** a key's identity, and the identity of the key a result row answers: equal for a match */
  keyOf: (key: K) => string;
  rowKey: (row: Row) => string;
}

interface Batch<K> {
  keys: Map<string, K>;
  rows: Promise<Map<string, Row>>;
}

/** The batches each database's requests may still join (not sent yet), by read. */
const open = new WeakMap<Sql, Map<SharedRead<unknown>, Batch<unknown>>>();

/** The row `read` returns for `key` (undefined when none), from a statement shared with the requests that
 * ask for the same read before it is sent. PostgreSQL only: the caller reads SQLite in-process. */
export async function readShared<K>(sql: Sql, read: SharedRead<K>, key: K): Promise<Row | undefined> {
  let batches = open.get(sql);
  if (!batches) open.set(sql, (batches = new Map()));
  let batch = batches.get(read as SharedRead<unknown>) as Batch<K> | undefined;
  if (!batch) batches.set(read as SharedRead<unknown>, (batch = openBatch(sql, read, batches)) as Batch<unknown>);
  const id = read.keyOf(key);
  batch.keys.set(id, key);
  return (await batch.rows).get(id);
}

function openBatch<K>(sql: Sql, read: SharedRead<K>, batches: Map<SharedRead<unknown>, Batch<unknown>>): Batch<K> {
  const batch = { keys: new Map<string, K>() } as Batch<K>;
  const close = () => {
    if (batches.get(read as SharedRead<unknown>) === batch) batches.delete(read as SharedRead<unknown>);
  };
  // Sent in the event loop's check phase, so the requests that reach this read in this turn of the loop
  // join it; and it stays open while it waits for a pooled connection.
  batch.rows = new Promise((resolve) => setImmediate(resolve)).then(() =>
    sql.query(function* () {
      // The work starts on its connection, and its statement is written right after this line: the batch
      // closes now (see the file's comment).
      close();
      const rows = yield* all(read.text, read.params([...batch.keys.values()]));
      return new Map(rows.map((r) => [read.rowKey(r), r]));
    }),
  );
  // A read that failed before its work started (no connection: the database is down) must not stay open
  // for later requests to join. Its failure fails each request in it.
  batch.rows.then(close, close);
  return batch;
}
