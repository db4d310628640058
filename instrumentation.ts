// Runs once when the server starts (`next start`, `next dev`), in the Node.js runtime: refuses to start
// on an invalid setting (lib/config) or without an auth secret (every page would answer 500 otherwise),
// hands next-auth its public URL, installs the graceful shutdown
// (lib/server/lifecycle.ts), moves SQLite's WAL checkpoints to a worker thread (lib/db/sqlite-checkpointer.ts),
// starts the webhook worker (lib/server/webhook-worker.ts) and the offboarding policy job
// (lib/server/offboarding-job.ts).
export async function register() {
  // NEXT_RUNTIME is set by Next.js itself, not a setting (lib/config/schema.ts INTERNAL_VARIABLES).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [
    { installGracefulShutdown },
    { authSecret, config, publishNextAuthUrl, shutdownGraceMs },
    { drainForShutdown, startBackgroundCheckpoints },
    webhooks,
  ] = await Promise.all([
    import("@/lib/server/lifecycle"),
    import("@/lib/config"),
    import("@/lib/services/operations"),
    import("@/lib/server/webhook-worker"),
  ]);
  const offboarding = await import("@/lib/server/offboarding-job");
  try {
    config();
    authSecret();
  } catch (e) {
    // Plain text on stderr, not the JSON log: it is the last thing an operator starting the server sees.
    console.error(`Refusing to start: ${(e as Error).message}`);
    process.exit(1);
  }
  publishNextAuthUrl();
  // The webhook worker stops (its attempts in flight recorded) before the database closes.
  installGracefulShutdown({
    graceMs: shutdownGraceMs(),
    drain: async () => (await webhooks.stopWebhookWorker(), await offboarding.stopOffboardingJob(), drainForShutdown()),
  });
  startBackgroundCheckpoints();
  webhooks.startWebhookWorker();
  offboarding.startOffboardingJob();
}
