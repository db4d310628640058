// Runs once when the server starts (`next start`, `next dev`), in the Node.js runtime: refuses to start
// without an auth secret (every page would answer 500 otherwise), installs the graceful shutdown
// (lib/server/lifecycle.ts) and starts the webhook worker (lib/server/webhook-worker.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installGracefulShutdown }, { authSecret, shutdownGraceMs }, { drainForShutdown }, webhooks] = await Promise.all([
    import("@/lib/server/lifecycle"),
    import("@/lib/config"),
    import("@/lib/services/operations"),
    import("@/lib/server/webhook-worker"),
  ]);
  try {
    authSecret();
  } catch (e) {
    console.error(`Refusing to start: ${(e as Error).message}`);
    process.exit(1);
  }
  // The webhook worker stops (its attempts in flight recorded) before the database closes.
  installGracefulShutdown({ graceMs: shutdownGraceMs(), drain: async () => (await webhooks.stopWebhookWorker(), drainForShutdown()) });
  webhooks.startWebhookWorker();
}
