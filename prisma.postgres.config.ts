import path from "node:path";
import { defineConfig } from "prisma/config";
import { pgPoolConfig, CatalogSafeClient, ScriptSafePrismaPg } from "./prisma/pg-catalog-fix";
import { postgresUrl } from "./prisma/database-url";

const url = postgresUrl();
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
