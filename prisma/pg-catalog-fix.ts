// CLI-only workarounds for adapter-pg under Prisma's JS schema engine.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

export function pgPoolConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

// prisma/orm#27403: the schema engine cannot deserialize catalog columns of type "char" (18) and
// name (19); present them as text (25).
const REMAP: Record<number, number> = { 18: 25, 19: 25 };
function fixFields<T>(res: T): T {
  const r = res as unknown as { fields?: { dataTypeID: number }[] };
  for (const f of r?.fields ?? []) if (REMAP[f.dataTypeID]) f.dataTypeID = REMAP[f.dataTypeID];
  return res;
}

export class CatalogSafeClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      // pg-pool uses callbacks
      args[args.length - 1] = (err: unknown, res: unknown) => last(err, err ? res : fixFields(res));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = (super.query as any)(...args);
    return r && typeof r.then === "function" ? r.then(fixFields) : r;
  }
}

// adapter-pg's executeScript (how the schema engine applies a migration) splits the script at every ";",
// also inside a function body, so a migration could not create a PL/pgSQL trigger function (the member
// counts, migration member_counts). The whole script goes to PostgreSQL as one simple-protocol query
// instead: PostgreSQL parses it (dollar quotes and all) and runs its statements in one implicit transaction.
export class ScriptSafePrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const pool = (adapter as unknown as { client: pg.Pool }).client;
    const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (e) {
        onError(e);
      }
    };
    return adapter;
  }
}
