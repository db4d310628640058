// A prepared statement's generic plan is costed with the table sizes of the moment PostgreSQL settles on
// it, and kept for the connection's life. Planned while the members table was tiny (a new install, the
// first minutes of a first sync), Entra's userName lookup walked the whole workspace in createdAt order on
// every request: ~3 ms of PostgreSQL per lookup at 6 000 members, growing with the workspace, for as long
// as the connection lived (autovacuum off, or before its first ANALYZE). The SCIM connections drop their
// plans every REPLAN_AFTER_MS (lib/db/sql.ts), so such a plan is replaced within that time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PreparedStatements, postgresSql, type Query, type Sql, type Work } from "@/lib/db/sql";
import { parseFilter } from "@/lib/scim/filter/parse";
import { queryPage } from "@/lib/services/scim/list";
import type { ScimScope } from "@/lib/services/scim/scope";
import { newWorkspace } from "../support/workspace";

const isPostgres = process.env.TEST_DB === "postgres";

describe.runIf(isPostgres)("PostgreSQL plans made while a table was tiny", () => {
  // A copy of Member (columns and indexes) of its own: how tiny the table is must not depend on what the
  // rest of the suite wrote. The statement is the app's own lookup, with the copy's name in it.
  const table = `stale_plan_probe_${process.pid}`;
  let pool: pg.Pool;
  let lookup: Query;
  let workspaceId = "";
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    await pool.query(`CREATE TABLE "${table}" (LIKE "Member" INCLUDING ALL)`);
    ({
      workspace: { id: workspaceId },
    } = await newWorkspace());
    const scope: ScimScope = {
      workspaceId,
      tokenId: null,
      baseUrl: "",
      provider: "postgres",
      ownerPowers: false,
      notes: [],
    };
    const work = queryPage(scope, "User", {
      startIndex: 1,
      count: 100,
      sortOrder: "ascending",
      filter: parseFilter(`userName eq "nobody@example.test"`),
    });
    const first = work.next();
    if (first.done) throw new Error("the lookup sent no statement");
    lookup = { text: first.value.text.replaceAll(`"Member"`, `"${table}"`), params: first.value.params };
    // A few members, as a new install has when the first SCIM requests arrive.
    await insertMembers(0, 20);
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS "${table}"`);
    await pool.end();
  });

  const insertMembers = (from: number, n: number) =>
    pool.query(
      `INSERT INTO "${table}" ("id", "workspaceId", "userName", "userNameLower", "updatedAt") ` +
        `SELECT 'm' || i, $1, 'u' || i || '@example.test', 'u' || i || '@example.test', now() FROM generate_series($2::int, $3::int) i`,
      [workspaceId, from + 1, from + n],
    );
  /** The plan the connection runs the prepared lookup with now (the pool's only connection). */
  const planOf = async (sql: Sql, prepared: PreparedStatements) => {
    const name = prepared.nameFor(lookup);
    expect(name).toBeDefined();
    const literals = lookup.params.map((v) =>
      typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`,
    );
    const rows = await sql.all(`EXPLAIN EXECUTE ${name}(${literals.join(", ")})`);
    return rows.map((r) => String(r["QUERY PLAN"])).join(" | ");
  };
  const runLookups = async (sql: Sql, n: number) => {
    for (let i = 0; i < n; i++) {
      const rows = await sql.query(function* (): Work<unknown[]> {
        return (yield lookup).rows;
      });
      expect(rows).toEqual([]);
    }
  };
  const byUniqueKey = /Index Scan using "?\S*workspaceId_userNameLower\S*"? on/;

  it("is replaced once REPLAN_AFTER_MS has passed, by one costed with the table as it is now", async () => {
    const prepared = new PreparedStatements();
    // The same connection and statements, seen through a client that never drops its plans (as before)
    // and through one that drops them every 200 ms.
    const keeping = postgresSql(pool, prepared, { replanAfterMs: Infinity });
    const replanning = postgresSql(pool, prepared, { replanAfterMs: 200 });
    // Prepared (second run) and run past PostgreSQL's five custom plans while the table is tiny: the
    // generic plan it settles on walks a workspace index and filters on userName.
    await runLookups(keeping, 8);
    expect(await planOf(keeping, prepared)).not.toMatch(byUniqueKey);
    await insertMembers(20, 20_000);
    // Nothing replaces it while the connection keeps it: every lookup now reads the whole workspace.
    await runLookups(keeping, 8);
    expect(await planOf(keeping, prepared)).not.toMatch(byUniqueKey);
    // Once the time has passed, the next use of the connection drops the plans, and the statement is
    // planned again for 20 000 rows.
    await runLookups(replanning, 1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await runLookups(replanning, 8);
    expect(await planOf(replanning, prepared)).toMatch(byUniqueKey);
  });
});
