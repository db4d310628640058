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

/** Is this a unique-constraint violation (Prisma P2002) from either database? */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
