// The test database's real connection, watched: how many units of work were sent through it, for the
// reads that requests share on PostgreSQL (lib/services/shared-reads.ts).
import { database } from "@/lib/db/client";
import type { Sql, Work } from "@/lib/db/sql";

/** `seen.reads` counts the units of work; `beforeSend` runs once a shared read has closed to new
 * requests, just before its statement goes out; `gate` holds each unit before it takes a connection, as
 * a busy pool would. */
export function watched(opts: { beforeSend?: () => void; gate?: Promise<void> } = {}) {
  const sql = database().sql;
  const seen = { reads: 0 };
  const watchedSql: Sql = {
    ...sql,
    provider: sql.provider,
    query<T>(work: () => Work<T>) {
      seen.reads++;
      return (opts.gate ?? Promise.resolve()).then(() =>
        sql.query(function* () {
          const inner = work();
          let step = inner.next(); // a shared read closes here
          opts.beforeSend?.();
          while (!step.done) step = inner.next(yield step.value);
          return step.value;
        }),
      );
    },
  };
  return { sql: watchedSql, seen };
}
