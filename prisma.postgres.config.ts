import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgPoolConfig, CatalogSafeClient } from "./prisma/pg-catalog-fix";
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
    return new PrismaPg({ ...pgPoolConfig(url), Client: CatalogSafeClient, idleTimeoutMillis: 200 });
  },
});
