// Domain errors raised by the service layer. Routes translate them: SCIM routes into SCIM error bodies,
// server actions into form errors, the CLI into a message and a non-zero exit.
export type DomainErrorCode = "not_found" | "conflict" | "invalid" | "forbidden" | "last_owner";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** form field the error belongs to, when there is one */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Is this a unique-constraint violation from either database, through Prisma (P2002) or straight from the
 * driver (lib/db/sql.ts: SQLite's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL's 23505)? */
export function isUniqueViolation(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: string }).code : undefined;
  return (
    code === "P2002" ||
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}
