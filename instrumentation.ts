// Runs once when the server starts (`next start`, `next dev`), in the Node.js runtime: refuses to start
// without an auth secret (every page would answer 500 otherwise), then installs the graceful shutdown
// (lib/server/lifecycle.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installGracefulShutdown }, { authSecret, shutdownGraceMs }, { drainForShutdown }] = await Promise.all([
    import("@/lib/server/lifecycle"),
    import("@/lib/config"),
    import("@/lib/services/operations"),
  ]);
  try {
    authSecret();
  } catch (e) {
    console.error(`Refusing to start: ${(e as Error).message}`);
    process.exit(1);
  }
  installGracefulShutdown({ graceMs: shutdownGraceMs(), drain: drainForShutdown });
}
