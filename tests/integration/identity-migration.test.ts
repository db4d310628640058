// The identity migration on data the old rules left behind (on the database this run uses): a throwaway
// database is migrated to the schema before it, filled with the kinds of rows the old invite, SCIM and SSO
// paths wrote, then migrated; nothing is dropped that anyone uses, and every link today's rules would not
// make is marked for an owner's review.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const KIND = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
const DIR = path.join("prisma", KIND, "migrations");
const MIGRATION = "identity_boundary";
const all = fs
  .readdirSync(DIR)
  .filter((d) => /^\d{14}_/.test(d))
  .sort();
const target = all.findIndex((d) => d.endsWith(`_${MIGRATION}`));
const sqlOf = (d: string) => fs.readFileSync(path.join(DIR, d, "migration.sql"), "utf8");

/** A database of the run's kind, with `exec` (many statements) and `rows` (one query). */
async function throwaway() {
  const name = `identity_mig_${process.pid}_${Date.now()}`;
  if (KIND === "sqlite") {
    fs.mkdirSync(".test", { recursive: true });
    const file = path.join(".test", `${name}.db`);
    const db = new Database(file);
    return {
      exec: async (sql: string) => void db.exec(sql),
      rows: async (sql: string) => db.prepare(sql).all() as Record<string, unknown>[],
      drop: async () => {
        db.close();
        fs.rmSync(file, { force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  return {
    exec: async (sql: string) => void (await c.query(sql)),
    rows: async (sql: string) => (await c.query(sql)).rows as Record<string, unknown>[],
    drop: async () => {
      await c.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

let drop: (() => Promise<void>) | undefined;
afterAll(async () => drop?.());

const at = (iso: string) =>
  KIND === "sqlite" ? `'${iso.replace("Z", "+00:00")}'` : `'${iso.replace("T", " ").replace("Z", "")}'`;
const T0 = "2026-01-01T00:00:00.000Z"; // long before
const T1 = "2026-06-01T00:00:00.000Z"; // when the memberships were made

describe("identity migration", () => {
  it("runs after the schema it changes", () => {
    expect(target).toBeGreaterThan(0);
  });

  it("unlinks invited members, drops never-used accounts and marks the links today's rules would not make", async () => {
    const db = await throwaway();
    drop = db.drop;
    for (const d of all.slice(0, target)) await db.exec(sqlOf(d));

    const account = (id: string, email: string, password: boolean, created: string) =>
      `INSERT INTO "Account" ("id","email","emailLower","passwordHash","createdAt","updatedAt") VALUES ('${id}','${email}','${email}',${password ? "'argon2-hash'" : "NULL"},${at(created)},${at(created)});`;
    const member = (
      id: string,
      ws: string,
      accountId: string | null,
      email: string,
      o: { role?: string; status?: string; source?: string; sso?: string } = {},
    ) =>
      `INSERT INTO "Member" ("id","workspaceId","accountId","userName","userNameLower","role","status","source","ssoSubject","createdAt","updatedAt") VALUES ` +
      `('${id}','${ws}',${accountId ? `'${accountId}'` : "NULL"},'${email}','${email}','${o.role ?? "member"}','${o.status ?? "active"}','${o.source ?? "manual"}',${o.sso ? `'${o.sso}'` : "NULL"},${at(T1)},${at(T1)});`;
    await db.exec(
      [
        `INSERT INTO "Workspace" ("id","name","slug","updatedAt") VALUES ('w','W','w',${at(T0)}), ('x','X','x',${at(T0)});`,
        `INSERT INTO "Domain" ("id","workspaceId","domain","verificationToken","expiresAt","verifiedAt","verifiedDomain") VALUES ('d','w','w.test','t',${at(T1)},${at(T0)},'w.test');`,
        account("a-owner", "owner@w.test", true, T1),
        member("m-owner", "w", "a-owner", "owner@w.test", { role: "owner" }),
        // attached by an old invite to an account that existed long before: to review
        account("a-alice", "alice@elsewhere.test", true, T0),
        member("m-alice", "w", "a-alice", "alice@elsewhere.test"),
        // a SCIM member on the verified domain linked to its account: fine
        account("a-bob", "bob@w.test", true, T0),
        member("m-bob", "w", "a-bob", "bob@w.test", { source: "scim" }),
        // a SCIM member linked to an account on a domain W never verified: to review
        account("a-carol", "carol@elsewhere.test", true, T0),
        member("m-carol", "w", "a-carol", "carol@elsewhere.test", { source: "scim" }),
        // an invited member linked to the passwordless account the old invite made: unlinked, account dropped
        account("a-dave", "dave@elsewhere.test", false, T1),
        member("m-dave", "w", "a-dave", "dave@elsewhere.test", { status: "invited" }),
        // an SSO account of X invited into W: unlinked from W, kept (X uses it), its email established
        account("a-erin", "erin@elsewhere.test", false, T0),
        member("m-erin-x", "x", "a-erin", "erin@elsewhere.test", { source: "sso", sso: "sub-erin" }),
        member("m-erin-w", "w", "a-erin", "erin@elsewhere.test", { status: "invited" }),
        // created with its account in one go (the old user create with a password): fine
        account("a-frank", "frank@elsewhere.test", true, T1),
        member("m-frank", "w", "a-frank", "frank@elsewhere.test"),
        `INSERT INTO "ScimToken" ("id","workspaceId","label","prefix","secretHash","createdAt") VALUES ('t','w','Entra','abcdefghij','h',${at(T0)});`,
      ].join("\n"),
    );

    await db.exec(sqlOf(all[target]));

    const members = Object.fromEntries(
      (await db.rows(`SELECT "id","accountId","status","linkReview" FROM "Member"`)).map((r) => [r.id, r]),
    );
    expect(members["m-owner"]).toMatchObject({ accountId: "a-owner", status: "active", linkReview: null });
    expect(members["m-alice"]).toMatchObject({ accountId: "a-alice", linkReview: "attached_existing" });
    expect(members["m-bob"]).toMatchObject({ accountId: "a-bob", linkReview: null });
    expect(members["m-carol"]).toMatchObject({ accountId: "a-carol", linkReview: "provisioned_unverified" });
    expect(members["m-dave"]).toMatchObject({ accountId: null, status: "invited", linkReview: null });
    expect(members["m-erin-x"]).toMatchObject({ accountId: "a-erin", linkReview: "provisioned_unverified" });
    expect(members["m-erin-w"]).toMatchObject({ accountId: null, status: "invited" });
    expect(members["m-frank"]).toMatchObject({ accountId: "a-frank", linkReview: null });

    const accounts = Object.fromEntries(
      (await db.rows(`SELECT "id","passwordHash","emailVerifiedAt","sessionEpoch" FROM "Account"`)).map((r) => [
        r.id,
        r,
      ]),
    );
    expect(Object.keys(accounts).sort()).toEqual(["a-alice", "a-bob", "a-carol", "a-erin", "a-frank", "a-owner"]);
    for (const id of ["a-alice", "a-bob", "a-carol", "a-erin", "a-frank", "a-owner"]) {
      expect(accounts[id].emailVerifiedAt, id).not.toBeNull();
      expect(Number(accounts[id].sessionEpoch)).toBe(0);
    }
    expect(accounts["a-owner"].passwordHash).toBe("argon2-hash");
    // existing tokens act as an admin's until an owner generates a new one
    expect((await db.rows(`SELECT "createdByMemberId","createdByOperator" FROM "ScimToken"`))[0]).toMatchObject({
      createdByMemberId: null,
    });
  });
});
