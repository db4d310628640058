// WAL checkpoints off the request thread. SQLite copies the write-ahead log back into the database file
// ("checkpoint") from inside the COMMIT that pushes the log past `wal_autocheckpoint` pages: on the one
// connection that also serves every request, so that COMMIT copies the pages and waits for two fsyncs
// while no other request runs (BENCHMARKS.md: a fifth of the entra-cycle's SQLite time, and stalls of
// tens of milliseconds). Here a worker thread with its own connection to the same file runs a PASSIVE
// checkpoint every CHECKPOINT_INTERVAL_MS: it takes no lock writers wait for, so requests go on while it
// copies and syncs. The request connection keeps a high `wal_autocheckpoint` as the backstop: a PASSIVE
// checkpoint cannot reset the log while writes keep arriving, the request connection's own checkpoint
// can (at the next write after it), and by then the worker has already copied nearly all of it.
import { Worker } from "node:worker_threads";

/** How often the worker checkpoints. At the cycle's write rate (~7 000 log pages/s on 2 cores) it copies a
 * few hundred pages each time. */
export const CHECKPOINT_INTERVAL_MS = 100;
/** The request connection's own threshold while the worker runs (pages; 4 KiB each → a log of ≤ 64 MiB). */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 16_000;
/** SQLite's default, restored when the worker is gone. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

// Plain CommonJS evaluated in the worker (no bundling: the worker loads better-sqlite3 from the app's
// node_modules like the server does).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const path = require("node:path");
const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3");
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
let timer;
const tick = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (e) {
    // SQLITE_BUSY (another checkpoint is running) or a transient error: the next tick tries again
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
tick();
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearTimeout(timer);
  db.close();
  parentPort.postMessage("stopped");
});
`;

export interface Checkpointer {
  /** Stops the worker and closes its connection (before the request connection closes, so that the
   * last connection to close is the one that checkpoints and removes the log). */
  stop(): Promise<void>;
}

/** Starts the worker for the SQLite file. `onExit` is called when the worker ends by itself (an error):
 * the caller then gives its connection back the default checkpoint threshold. */
export function startCheckpointer(
  file: string,
  onExit: (error: Error | undefined) => void,
  intervalMs = CHECKPOINT_INTERVAL_MS,
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs } });
  worker.unref(); // never what keeps a process alive
  let stopping = false;
  let failure: Error | undefined;
  worker.on("error", (e) => (failure = e));
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      if (!stopping) onExit(failure ?? new Error("the checkpoint worker exited"));
      resolve();
    }),
  );
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      const stopped = new Promise<void>((resolve) => worker.once("message", () => resolve()));
      worker.postMessage("stop");
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([stopped, exited, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
      clearTimeout(timer); // not left pending for 2 s after every stop
      await worker.terminate();
      await exited;
    },
  };
}
