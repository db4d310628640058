// The token check's database read (tokens.ts, verifyBearer), shared by the SCIM requests that wait for it
// together on PostgreSQL (shared-reads.ts).
//
// Every SCIM request reads its token's row, so that a revocation, an expiry or a plan change applies to
// the very next request. On PostgreSQL that read was a round trip of its own in every request: ~45 % of
// an Entra cycle's statements (BENCHMARKS.md). Under load many requests ask for it at once, so the reads
// asked for before one is sent go out as one statement (`prefix = ANY($1)`, one row a token), which is
// as fresh as a request's own (shared-reads.ts says why). Each request still checks its own secret
// against the row (tokens.ts); a batch only saves the round trip.
import type { Row, Sql } from "@/lib/db/sql";
import { readShared, type SharedRead } from "./shared-reads";

/** The token's row with its workspace and the settings a request needs, for a token prefix (PostgreSQL:
 * for a list of prefixes). */
const TOKEN_COLUMNS =
  `SELECT t."id", t."prefix", t."label", t."secretHash", t."revokedAt", t."expiresAt", t."lastUsedAt", ` +
  `w."id" AS "workspaceId", w."slug", w."plan", ` +
  // Owner powers follow the creator's role now, not when the token was generated: a demoted or removed
  // owner's tokens lose them at the next request.
  `(t."createdByOperator" OR EXISTS (SELECT 1 FROM "Member" c WHERE c."id" = t."createdByMemberId" AND c."workspaceId" = t."workspaceId" ` +
  `AND c."role" = 'owner' AND c."status" = 'active')) AS "ownerPowers", ` +
  `EXISTS (SELECT 1 FROM "WebhookEndpoint" e WHERE e."workspaceId" = t."workspaceId" AND e."enabled") AS "webhooks", ` +
  `EXISTS (SELECT 1 FROM "DeprovisionGuard" g WHERE g."workspaceId" = t."workspaceId" AND NOT g."enabled") AS "guardrailOff" ` +
  `FROM "ScimToken" t JOIN "Workspace" w ON w."id" = t."workspaceId" `;
const ONE_TOKEN = TOKEN_COLUMNS + `WHERE t."prefix" = ?`;

const SOME_TOKENS: SharedRead<string> = {
  text: TOKEN_COLUMNS + `WHERE t."prefix" = ANY($1::text[])`,
  params: (prefixes) => [prefixes],
  keyOf: (prefix) => prefix,
  rowKey: (row) => row.prefix as string,
};

/** The token row for `prefix`, or undefined when no token has it. */
export async function readTokenRow(sql: Sql, prefix: string): Promise<Row | undefined> {
  // SQLite reads in-process in tens of microseconds, synchronously: nothing to share.
  if (sql.provider !== "postgres") return (await sql.all(ONE_TOKEN, [prefix]))[0];
  return readShared(sql, SOME_TOKENS, prefix);
}
