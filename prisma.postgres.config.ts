import path from "node:path";
import { defineConfig } from "prisma/config";
import { pgPoolConfig, CatalogSafeClient, ScriptSafePrismaPg } from "./prisma/pg-catalog-fix";
import { isPostgresUrl } from "./lib/db/url";

// POSTGRES_URL, else DATABASE_URL when it is a PostgreSQL one (the CLI reads the environment itself).
const db = process.env.DATABASE_URL;
const url = process.env.POSTGRES_URL ?? (isPostgresUrl(db) ? db! : "postgresql://postgres@127.0.0.1:5432/postgres");
process.env.POSTGRES_URL ??= url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "postgres"),
  migrations: { path: path.join("prisma", "postgres", "migrations") },
  async adapter() {
    // Discrete fields, not { connectionString }: pg lets connectionString override the shadow database name.
    return new ScriptSafePrismaPg({ ...pgPoolConfig(url), Client: CatalogSafeClient, idleTimeoutMillis: 200 });
  },
});
