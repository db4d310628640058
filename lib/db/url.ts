// Which database the app uses: DATABASE_URL (lib/config), the embedded SQLite file under ./data by
// default. Also used by the Prisma CLI's config files (prisma.*.config.ts), hence the relative imports.
import { config } from "../config";
import { DEFAULT_DATABASE_URL } from "../config/schema";

export { DEFAULT_DATABASE_URL };

export type Provider = "sqlite" | "postgres";

export function databaseUrl(): string {
  return config().DATABASE_URL;
}

export function isPostgresUrl(url: string | undefined): boolean {
  return /^postgres(ql)?:\/\//.test(url ?? "");
}

export function providerOf(url: string): Provider {
  if (isPostgresUrl(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`Unsupported DATABASE_URL "${url}": use file:./path.db (SQLite) or postgresql://… (PostgreSQL)`);
}
