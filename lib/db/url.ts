// Which database the app uses: DATABASE_URL, or the embedded SQLite file under ./data by default.
export const DEFAULT_DATABASE_URL = "file:./data/app.db";

export type Provider = "sqlite" | "postgres";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`Unsupported DATABASE_URL "${url}": use file:./path.db (SQLite) or postgresql://… (PostgreSQL)`);
}
