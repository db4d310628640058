// Graceful shutdown of the production server (`next start`), installed by instrumentation.ts.
//
// On SIGTERM or SIGINT, Next's own handler stops accepting connections (server.close(): idle keep-alive
// connections are closed, busy ones finish their request), waits for the requests in flight, closes the app
// and calls process.exit(). This module adds what Next does not do:
// - readiness (/api/health/ready) answers 503 from the first moment, and SCIM responses carry
//   `Connection: close`, so load balancers and clients move on;
// - before the process exits, the provisioning log queue is written and the database pool closed (SQLite:
//   the connection is closed, which checkpoints its WAL);
// - everything is bounded by SHUTDOWN_GRACE_MS: a request still running near the end of the grace period
//   does not keep the process alive; it exits (code 1) by the deadline, with what it could write.
// State lives on globalThis: instrumentation.ts and each route are bundled separately.
import { log } from "@/lib/log";

interface Lifecycle {
  shuttingDown: boolean;
  /** SCIM requests being answered */
  inFlight: number;
  installed: boolean;
}

const g = globalThis as unknown as { __lifecycle?: Lifecycle };
const state = (g.__lifecycle ??= { shuttingDown: false, inFlight: 0, installed: false });

export function isShuttingDown(): boolean {
  return state.shuttingDown;
}

export function inFlightRequests(): number {
  return state.inFlight;
}

/** Counts `fn` as a request in flight while it runs. */
export async function tracked<T>(fn: () => Promise<T>): Promise<T> {
  state.inFlight++;
  try {
    return await fn();
  } finally {
    state.inFlight--;
  }
}

/** The time the drain (log flush, pool close) gets at most, taken from the end of the grace period. */
const DRAIN_RESERVE_MS = 2_000;

export interface ShutdownOptions {
  graceMs: number;
  /** writes what is queued and closes the database */
  drain: () => Promise<void>;
}

/** Installs the SIGTERM/SIGINT handling described above (once per process). */
export function installGracefulShutdown({ graceMs, drain }: ShutdownOptions) {
  if (state.installed) return;
  state.installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.shuttingDown) return; // a second signal (systemd and a shell both send one): already stopping
    state.shuttingDown = true;
    const since = Date.now();
    const deadline = since + graceMs;
    console.log(
      `${signal}: shutting down; waiting up to ${graceMs} ms for ${state.inFlight} SCIM request(s) in flight`,
    );
    const exit = process.exit.bind(process);
    let exiting = false;
    const finish = async (code: number) => {
      if (exiting) return;
      exiting = true;
      clearTimeout(timer);
      const drainStarted = Date.now();
      let timeout: ReturnType<typeof setTimeout> | undefined;
      const cap = new Promise<void>((resolve) => (timeout = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
      try {
        await Promise.race([
          drain().catch((e) => log.error({ reason: (e as Error).message }, "shutdown: draining failed")),
          cap,
        ]);
      } finally {
        clearTimeout(timeout);
      }
      console.log(
        `shutdown: stopped in ${Date.now() - since} ms (server closed after ${drainStarted - since} ms, log written and database closed in ${Date.now() - drainStarted} ms; exit code ${code})`,
      );
      exit(code);
    };
    // Next's handler calls process.exit() once the server is closed: drain first, then exit.
    process.exit = ((code?: number | string | null) =>
      void finish(Number(code ?? process.exitCode ?? 0))) as typeof process.exit;
    const timer = setTimeout(
      () => {
        log.error(
          { inFlight: state.inFlight },
          `shutdown: grace period (${graceMs} ms) nearly over with ${state.inFlight} SCIM request(s) still in flight; exiting`,
        );
        void finish(1);
      },
      Math.max(0, graceMs - Math.min(DRAIN_RESERVE_MS, graceMs / 5)),
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
