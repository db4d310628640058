// A throwaway database per benchmark run: a fresh SQLite file under bench/results/, or a fresh PostgreSQL
// database on 127.0.0.1:5432 that is dropped afterwards. Migrated with the committed migrations, then
// tenants (workspace + SCIM token) are created through the admin CLI, as an operator would.
import { spawnSync } from "node:child_process";
import pg from "pg";
import Database from "better-sqlite3";
import { DEFAULT_PG_ADMIN_URL, createThrowawayDatabase } from "../../scripts/throwaway-database.mjs";

const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? DEFAULT_PG_ADMIN_URL;

/** A throwaway database (scripts/throwaway-database.mjs) with its server's version, for the report. Also
 * used by bench/crash-safety.mjs. */
export async function createDatabase(kind, dir, { prefix = "scim_bench", pgAdminUrl = PG_ADMIN_URL } = {}) {
  const db = await createThrowawayDatabase(kind, dir, { prefix, pgAdminUrl });
  return { ...db, version: await databaseVersion(kind, db.url) };
}

async function databaseVersion(kind, url) {
  if (kind === "postgres") {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query("SHOW server_version");
    await c.end();
    return `PostgreSQL ${rows[0].server_version}`;
  }
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  const v = db.prepare("SELECT sqlite_version() AS v").get().v;
  db.close();
  return `SQLite ${v} (better-sqlite3)`;
}

/** `npm run admin -- …--json` against the benchmark database. */
function admin(url, args) {
  const res = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/admin.ts", ...args, "--json"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`admin ${args.slice(0, 2).join(" ")} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split("\n").pop());
}

/** A tenant: an Enterprise workspace with an owner and a SCIM token. */
export function createTenant(url, slug) {
  const ws = admin(url, [
    "workspace",
    "create",
    "--name",
    `Bench ${slug}`,
    "--slug",
    slug,
    "--plan",
    "enterprise",
    "--owner-email",
    `owner@${slug}.bench.example`,
    "--owner-password",
    "bench-owner-password",
  ]);
  const token = admin(url, ["token", "create", "--workspace", slug, "--label", "Entra ID (bench)"]);
  // The cycle deactivates half its users on purpose: measured as applied, not held by the guardrail.
  admin(url, ["guardrail", "set", "--workspace", slug, "--enabled", "false"]);
  return { slug, workspaceId: ws.id, tokenId: token.id, token: token.token };
}
