// Which database the CLI talks to. Shared by the prisma config files (the runtime uses lib/db/url.ts).
export const DEFAULT_SQLITE_URL = "file:./data/app.db";

export function isPostgresUrl(url: string | undefined): boolean {
  return /^postgres(ql)?:\/\//.test(url ?? "");
}

export function sqliteUrl(): string {
  const db = process.env.DATABASE_URL;
  return process.env.SQLITE_URL ?? (db?.startsWith("file:") ? db : DEFAULT_SQLITE_URL);
}

export function postgresUrl(): string {
  const db = process.env.DATABASE_URL;
  return process.env.POSTGRES_URL ?? (isPostgresUrl(db) ? db! : "postgresql://postgres@127.0.0.1:5432/postgres");
}
