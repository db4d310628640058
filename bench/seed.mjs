// Bulk seeding for the large scenarios, straight into the database (an HTTP cycle of 1 000 000 users
// would take longer than the benchmark). Rows are exactly what POST /Users stores: the document and
// columns come from the app's own lib/scim/user/resource.ts and lib/services/scim/columns.ts, timestamps and booleans in each provider's
// storage format. Run under tsx (it imports TypeScript): argv[2] is a JSON job, the result is printed.
import Database from "better-sqlite3";
import pg from "pg";
import { normalizeUserInput } from "../lib/scim/user/resource.ts";
import { roleFromUserType, userColumns } from "../lib/services/scim/columns.ts";
import { createUserBody, groupName, seededMemberId, uuidFrom } from "./lib/workload.mjs";

const job = JSON.parse(process.argv[2]);
const { kind, url, workspaceId, tokenId, tag, users, bigGroupMembers } = job;

const MEMBER_COLUMNS = [
  "id",
  "workspaceId",
  "accountId",
  "userName",
  "userNameLower",
  "externalId",
  "displayName",
  "givenName",
  "familyName",
  "active",
  "title",
  "userType",
  "email",
  "emailLower",
  "attributes",
  "role",
  "status",
  "source",
  "scimTokenId",
  "managerId",
  "createdAt",
  "updatedAt",
  "version",
];
const t0 = Date.now() - users; // one member per millisecond, ending now

function memberRow(i) {
  const doc = normalizeUserInput(createUserBody(tag, i));
  const cols = userColumns(doc);
  const at = new Date(t0 + i);
  return {
    id: seededMemberId(tag, i),
    workspaceId,
    accountId: null,
    ...cols,
    managerId: null,
    attributes: JSON.stringify(doc),
    role: roleFromUserType(cols.userType) ?? "member",
    status: cols.active ? "active" : "suspended",
    source: "scim",
    scimTokenId: tokenId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

const groups = [
  { key: "big", id: uuidFrom(`${tag}:group:big`), name: groupName(tag, "big (100k)"), members: bigGroupMembers },
  { key: "empty", id: uuidFrom(`${tag}:group:empty`), name: groupName(tag, "empty"), members: 0 },
];

const BATCH = kind === "postgres" ? 5000 : 10000;

async function seedSqlite() {
  const db = new Database(url.replace(/^file:/, ""), { timeout: 30_000 });
  db.pragma("journal_mode = WAL");
  // A throwaway bulk load: no fsync, and a page cache big enough that the random-order indexes (uuid ids,
  // userNames) are updated in memory instead of one disk page per row.
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -2000000");
  // Prisma on SQLite stores DateTime as ISO text with an explicit offset, booleans as 0/1.
  const ts = (d) => d.toISOString().replace("Z", "+00:00");
  const insMember = db.prepare(
    `INSERT INTO "Member" (${MEMBER_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${MEMBER_COLUMNS.map(() => "?").join(", ")})`,
  );
  const insertMembers = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const r = memberRow(i);
      insMember.run(
        MEMBER_COLUMNS.map((c) => (c === "active" ? (r.active ? 1 : 0) : r[c] instanceof Date ? ts(r[c]) : r[c])),
      );
    }
  });
  for (let i = 0; i < users; i += BATCH) insertMembers(i, Math.min(users, i + BATCH));
  const now = ts(new Date());
  const insGroup = db.prepare(
    `INSERT INTO "Group" ("id", "workspaceId", "displayName", "displayNameLower", "externalId", "source", "scimTokenId", "attributes", "createdAt", "updatedAt", "version") VALUES (?, ?, ?, ?, ?, 'scim', ?, '{}', ?, ?, 1)`,
  );
  const insLink = db.prepare(
    `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId", "createdAt") VALUES (?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const g of groups) {
      insGroup.run(g.id, workspaceId, g.name, g.name.toLowerCase(), uuidFrom(`${g.id}:external`), tokenId, now, now);
      for (let i = 0; i < g.members; i++) insLink.run(g.id, seededMemberId(tag, i), workspaceId, now);
    }
  })();
  db.close();
}

async function seedPostgres() {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("SET synchronous_commit = off"); // a throwaway bulk load
  const types = { active: "boolean", version: "integer", createdAt: "timestamp(3)", updatedAt: "timestamp(3)" };
  const unnest = MEMBER_COLUMNS.map((col, i) => `$${i + 1}::${types[col] ?? "text"}[]`).join(", ");
  const sql = `INSERT INTO "Member" (${MEMBER_COLUMNS.map((col) => `"${col}"`).join(", ")}) SELECT * FROM unnest(${unnest})`;
  // Prisma stores DateTime as UTC in timestamp(3) without time zone.
  const ts = (d) => d.toISOString().replace("T", " ").replace("Z", "");
  for (let from = 0; from < users; from += BATCH) {
    const arrays = MEMBER_COLUMNS.map(() => []);
    for (let i = from; i < Math.min(users, from + BATCH); i++) {
      const r = memberRow(i);
      MEMBER_COLUMNS.forEach((col, k) => arrays[k].push(r[col] instanceof Date ? ts(r[col]) : r[col]));
    }
    await c.query(sql, arrays);
  }
  const now = ts(new Date());
  for (const g of groups) {
    await c.query(
      `INSERT INTO "Group" ("id", "workspaceId", "displayName", "displayNameLower", "externalId", "source", "scimTokenId", "attributes", "createdAt", "updatedAt", "version") VALUES ($1, $2, $3, $4, $5, 'scim', $6, '{}', $7, $7, 1)`,
      [g.id, workspaceId, g.name, g.name.toLowerCase(), uuidFrom(`${g.id}:external`), tokenId, now],
    );
    for (let from = 0; from < g.members; from += BATCH) {
      const ids = [];
      for (let i = from; i < Math.min(g.members, from + BATCH); i++) ids.push(seededMemberId(tag, i));
      await c.query(
        `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId", "createdAt") SELECT $1, m, $2, $3::timestamp(3) FROM unnest($4::text[]) AS m`,
        [g.id, workspaceId, now, ids],
      );
    }
  }
  // What autovacuum would do shortly after a bulk load; without it the planner guesses for a minute.
  await c.query(`ANALYZE "Member"; ANALYZE "Group"; ANALYZE "GroupMember"`);
  await c.end();
}

const started = Date.now();
await (kind === "postgres" ? seedPostgres() : seedSqlite());
process.stdout.write(
  JSON.stringify({ seconds: (Date.now() - started) / 1000, bigGroupId: groups[0].id, emptyGroupId: groups[1].id }) +
    "\n",
);
