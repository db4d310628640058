// The token check's database read (tokens.ts, verifyBearer), shared by the SCIM requests that wait for it
// together on PostgreSQL.
//
// Every SCIM request reads its token's row, so that a revocation, an expiry or a plan change applies to
// the very next request. On PostgreSQL that read was a round trip of its own in every request: ~45 % of
// an Entra cycle's statements, each costing the server and the database a wakeup (BENCHMARKS.md). Under
// load many requests ask for it at once, so the reads that are asked for before one is sent go out as one
// statement (`prefix = ANY($1)`, one row a token).
//
// Why a shared read still applies a revocation to the next request: a batch is closed at the moment its
// statement is sent, so every request in it arrived before the read began, and PostgreSQL's statement
// snapshot sees every commit that finished before then — the revocation included. A request that arrives
// after the statement was sent opens the next batch. Each request still checks its own secret against
// the row (tokens.ts); a batch only saves the round trip.
import { all, type Row, type Sql } from "@/lib/db/sql";

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
const SOME_TOKENS = TOKEN_COLUMNS + `WHERE t."prefix" = ANY($1::text[])`;

interface Batch {
  prefixes: Set<string>;
  rows: Promise<Map<string, Row>>;
}

/** The batch each database's requests may still join: not sent yet. */
const open = new WeakMap<Sql, Batch>();

/** The token row for `prefix`, or undefined when no token has it. */
export async function readTokenRow(sql: Sql, prefix: string): Promise<Row | undefined> {
  // SQLite reads in-process in tens of microseconds, synchronously: nothing to share.
  if (sql.provider !== "postgres") return (await sql.all(ONE_TOKEN, [prefix]))[0];
  let batch = open.get(sql);
  if (!batch) open.set(sql, (batch = openBatch(sql)));
  batch.prefixes.add(prefix);
  return (await batch.rows).get(prefix);
}

function openBatch(sql: Sql): Batch {
  const batch = { prefixes: new Set<string>() } as Batch;
  const close = () => {
    if (open.get(sql) === batch) open.delete(sql);
  };
  // Sent in the event loop's check phase, so the requests that reach their token check in this turn of
  // the loop join it; and it stays open while it waits for a pooled connection.
  batch.rows = new Promise((resolve) => setImmediate(resolve)).then(() =>
    sql.query(function* () {
      // The work starts on its connection, and its statement is written right after this line: the batch
      // closes now (see the file's comment).
      close();
      const rows = yield* all(SOME_TOKENS, [[...batch.prefixes]]);
      return new Map(rows.map((r) => [r.prefix as string, r]));
    }),
  );
  // A read that failed before its work started (no connection: the database is down) must not stay open
  // for later requests to join. Its failure fails each request in it (the edge answers 503).
  batch.rows.then(close, close);
  return batch;
}
