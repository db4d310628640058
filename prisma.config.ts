// Default config for a bare `prisma …`: picks the provider from DATABASE_URL. Without a config the
// Prisma CLI falls back to native engines it would have to download.
import sqlite from "./prisma.sqlite.config";
import postgres from "./prisma.postgres.config";
import { isPostgresUrl } from "./lib/db/url";

export default isPostgresUrl(process.env.DATABASE_URL) ? postgres : sqlite;
