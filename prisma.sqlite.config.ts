import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { migrateSafe } from "./prisma/sqlite-migrate-fix";
import { sqliteUrl } from "./prisma/database-url";

// A prisma.config.ts disables Prisma's .env loading: the URL comes from DATABASE_URL / SQLITE_URL only.
const url = sqliteUrl();
process.env.SQLITE_URL ??= url; // satisfies `url = env("SQLITE_URL")` in the schema

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "sqlite"),
  migrations: { path: path.join("prisma", "sqlite", "migrations") },
  async adapter() {
    return migrateSafe(new PrismaBetterSQLite3({ url }));
  },
});
