import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { migrateSafe } from "./prisma/sqlite-migrate-fix";
import { DEFAULT_DATABASE_URL } from "./lib/db/url";

// A prisma.config.ts disables Prisma's .env loading: the URL comes from SQLITE_URL, else DATABASE_URL when
// it is a SQLite one. The CLI reads the environment itself (not lib/config: it needs no app settings).
const db = process.env.DATABASE_URL;
const url = process.env.SQLITE_URL ?? (db?.startsWith("file:") ? db : DEFAULT_DATABASE_URL);
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
