// Runs once when the server starts (`next start`, `next dev`): installs the graceful shutdown
// (lib/server/lifecycle.ts) in the Node.js runtime and starts the webhook worker (lib/server/webhook-worker.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installGracefulShutdown }, { shutdownGraceMs }, { drainForShutdown }, webhooks] = await Promise.all([
    import("@/lib/server/lifecycle"),
    import("@/lib/config"),
    import("@/lib/services/operations"),
    import("@/lib/server/webhook-worker"),
  ]);
  // The webhook worker stops (its attempts in flight recorded) before the database closes.
  installGracefulShutdown({ graceMs: shutdownGraceMs(), drain: async () => (await webhooks.stopWebhookWorker(), drainForShutdown()) });
  webhooks.startWebhookWorker();
}
