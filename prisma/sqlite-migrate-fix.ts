// CLI-only: better-sqlite3's executeRaw rejects multi-statement SQL, which migrations are. Send
// parameterless multi-statement SQL through executeScript instead.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function patch(a: any) {
  const executeRaw = a.executeRaw.bind(a);
  a.executeRaw = async (q: { sql: string; args: unknown[] }) =>
    q.args.length === 0 && /;\s*\S/.test(q.sql) ? (await a.executeScript(q.sql), 0) : executeRaw(q);
  return a;
}

export function migrateSafe(factory: PrismaBetterSQLite3) {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  } as unknown as PrismaBetterSQLite3;
}
