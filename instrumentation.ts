// Runs once when the server starts (`next start`, `next dev`): installs the graceful shutdown
// (lib/server/lifecycle.ts) in the Node.js runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installGracefulShutdown }, { shutdownGraceMs }, { drainForShutdown }] = await Promise.all([
    import("@/lib/server/lifecycle"),
    import("@/lib/config"),
    import("@/lib/services/operations"),
  ]);
  installGracefulShutdown({ graceMs: shutdownGraceMs(), drain: drainForShutdown });
}
