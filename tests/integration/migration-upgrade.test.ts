// Upgrades keep data: a database created with the FIRST committed migration and filled with data the
// way that release wrote it (workspaces, accounts, members with their SCIM documents, a manager link,
// groups and memberships, SCIM tokens, provisioning events) is migrated to head by the real
// `prisma migrate deploy` (scripts/migrate.mjs), and the app then reads every row unchanged and serves
// SCIM from it. Runs on the database under test (TEST_DB); the migrations are discovered from
// prisma/<provider>/migrations at run time, so a new migration is covered without touching this file.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database as AppDatabase } from "@/lib/db/client";
import { handleScim } from "@/lib/scim-http/handler";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";
import { verifyBearer } from "@/lib/services/tokens";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with npm start
import { migrate } from "../../scripts/migrate.mjs";
import { BASE } from "../support/scim-client";

const isPg = process.env.TEST_DB === "postgres";
const provider = isPg ? "postgres" : "sqlite";
const migrationsDir = path.join("prisma", provider, "migrations");
const migrations = fs
  .readdirSync(migrationsDir)
  .filter((d) => fs.existsSync(path.join(migrationsDir, d, "migration.sql")))
  .sort();
const run = `${process.pid}_${Date.now()}`;
let url = "";
let dropDatabase = async () => {};

/** Raw SQL on the database being upgraded, with `?` placeholders, outside the app. */
async function sql(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (!isPg) {
    const db = new Database(url.slice("file:".length));
    try {
      const stmt = db.prepare(text);
      return stmt.reader ? (stmt.all(...params) as Record<string, unknown>[]) : (stmt.run(...params), []);
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    let i = 0;
    return (
      await c.query(
        text.replace(/\?/g, () => `$${++i}`),
        params,
      )
    ).rows;
  } finally {
    await c.end();
  }
}

/** `prisma migrate deploy` with a config whose migrations folder holds only the first migration: the
 * database then is exactly what the first release's `npm start` made of an empty one. */
function deployFirstMigrationOnly() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scim-upgrade-"));
  const first = path.join(dir, "migrations", migrations[0]);
  fs.mkdirSync(first, { recursive: true });
  fs.copyFileSync(path.join(migrationsDir, migrations[0], "migration.sql"), path.join(first, "migration.sql"));
  fs.copyFileSync(path.join(migrationsDir, "migration_lock.toml"), path.join(dir, "migrations", "migration_lock.toml"));
  fs.mkdirSync(".test", { recursive: true });
  const config = path.join(".test", `upgrade-config-${run}.ts`);
  const base = isPg ? "prisma.postgres.config" : "prisma.sqlite.config";
  fs.writeFileSync(
    config,
    `import base from "../${base}";\nexport default { ...base, schema: ${JSON.stringify(path.resolve("prisma", provider))}, migrations: { ...base.migrations, path: ${JSON.stringify(path.join(dir, "migrations"))} } };\n`,
  );
  try {
    const res = spawnSync(
      process.execPath,
      [
        "-r",
        "./scripts/unref-long-timers.cjs",
        "node_modules/prisma/build/index.js",
        "migrate",
        "deploy",
        "--config",
        config,
      ],
      {
        env: {
          ...process.env,
          DATABASE_URL: url,
          [isPg ? "POSTGRES_URL" : "SQLITE_URL"]: url,
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
        },
        encoding: "utf8",
      },
    );
    if (res.status !== 0)
      throw new Error(`prisma migrate deploy (first migration only) failed: ${res.stdout}${res.stderr}`);
  } finally {
    fs.rmSync(config, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Values as the first release stored them: SQLite keeps DateTime as ISO text and booleans as 0/1.
const at = (iso: string) => (isPg ? new Date(iso) : iso.replace("Z", "+00:00"));
const bool = (b: boolean) => (isPg ? b : b ? 1 : 0);
const id = () => crypto.randomUUID();

const ids = {
  w1: id(),
  w2: id(),
  a1: id(),
  a2: id(),
  owner: id(),
  u1: id(),
  u2: id(),
  m2: id(),
  g1: id(),
  g2: id(),
  t1: id(),
  t2: id(),
  t3: id(),
  e: [id(), id(), id(), id()],
};
const secret = crypto.randomBytes(32).toString("base64url");
const prefix = crypto.randomBytes(8).toString("hex").slice(0, 10);
const token = `scim_${prefix}_${secret}`;
const u1Doc = {
  userName: "ada@up.test",
  externalId: "ext-1",
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [{ value: "ada@up.test", type: "work", primary: true }],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D" },
  active: true,
};

async function seedAtFirstMigration() {
  const t = at("2026-01-02T03:04:05.678Z");
  const ins = (table: string, row: Record<string, unknown>) =>
    sql(
      `INSERT INTO "${table}" (${Object.keys(row)
        .map((k) => `"${k}"`)
        .join(", ")}) VALUES (${Object.keys(row)
        .map(() => "?")
        .join(", ")})`,
      Object.values(row),
    );
  await ins("Workspace", {
    id: ids.w1,
    name: "Upgrade Co",
    slug: `up-${run}`.replace(/_/g, "-"),
    plan: "enterprise",
    logRetentionDays: 90,
    createdAt: t,
    updatedAt: t,
  });
  await ins("Workspace", {
    id: ids.w2,
    name: "Other Co",
    slug: `other-${run}`.replace(/_/g, "-"),
    plan: "free",
    logRetentionDays: 30,
    createdAt: t,
    updatedAt: t,
  });
  await ins("Account", {
    id: ids.a1,
    email: "Owner@Up.test",
    emailLower: "owner@up.test",
    name: "Olive Owner",
    passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
    createdAt: t,
    updatedAt: t,
  });
  await ins("Account", {
    id: ids.a2,
    email: "sam@other.test",
    emailLower: "sam@other.test",
    name: null,
    passwordHash: null,
    createdAt: t,
    updatedAt: t,
  });
  const member = (m: Record<string, unknown>) =>
    ins("Member", {
      attributes: "{}",
      role: "member",
      status: "active",
      source: "manual",
      active: bool(true),
      createdAt: t,
      updatedAt: t,
      version: 1,
      ...m,
    });
  await member({
    id: ids.owner,
    workspaceId: ids.w1,
    accountId: ids.a1,
    userName: "Owner@Up.test",
    userNameLower: "owner@up.test",
    role: "owner",
    email: "Owner@Up.test",
    emailLower: "owner@up.test",
  });
  await member({
    id: ids.u1,
    workspaceId: ids.w1,
    userName: "ada@up.test",
    userNameLower: "ada@up.test",
    externalId: "ext-1",
    displayName: "Ada Lovelace",
    givenName: "Ada",
    familyName: "Lovelace",
    title: "Engineer",
    email: "ada@up.test",
    emailLower: "ada@up.test",
    attributes: JSON.stringify(u1Doc),
    source: "scim",
    scimTokenId: ids.t1,
    version: 3,
  });
  await member({
    id: ids.u2,
    workspaceId: ids.w1,
    userName: "bob@up.test",
    userNameLower: "bob@up.test",
    externalId: "ext-2",
    active: bool(false),
    status: "suspended",
    source: "scim",
    managerId: ids.u1,
    scimTokenId: ids.t1,
  });
  await member({
    id: ids.m2,
    workspaceId: ids.w2,
    accountId: ids.a2,
    userName: "sam@other.test",
    userNameLower: "sam@other.test",
    role: "admin",
  });
  await ins("Group", {
    id: ids.g1,
    workspaceId: ids.w1,
    displayName: "Engineering",
    displayNameLower: "engineering",
    externalId: "grp-1",
    source: "scim",
    scimTokenId: ids.t1,
    attributes: "{}",
    createdAt: t,
    updatedAt: t,
    version: 2,
  });
  await ins("Group", {
    id: ids.g2,
    workspaceId: ids.w1,
    displayName: "Empty",
    displayNameLower: "empty",
    source: "scim",
    attributes: "{}",
    createdAt: t,
    updatedAt: t,
    version: 1,
  });
  for (const m of [ids.u1, ids.u2])
    await ins("GroupMember", { groupId: ids.g1, memberId: m, workspaceId: ids.w1, createdAt: t });
  const sha = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
  await ins("ScimToken", {
    id: ids.t1,
    workspaceId: ids.w1,
    label: "Entra ID",
    prefix,
    secretHash: sha(secret),
    createdByName: "Olive Owner",
    createdAt: t,
    lastUsedAt: t,
    expiresAt: null,
    revokedAt: null,
  });
  await ins("ScimToken", {
    id: ids.t2,
    workspaceId: ids.w1,
    label: "Old",
    prefix: "0123456789",
    secretHash: sha("x"),
    createdAt: t,
    revokedAt: t,
  });
  await ins("ScimToken", {
    id: ids.t3,
    workspaceId: ids.w1,
    label: "Okta",
    prefix: "abcdefghij",
    secretHash: sha("y"),
    createdAt: t,
    expiresAt: at("2099-01-01T00:00:00.000Z"),
  });
  for (const [i, e] of ids.e.entries()) {
    await ins("ProvisioningEvent", {
      id: e,
      workspaceId: i < 3 ? ids.w1 : ids.w2,
      tokenId: ids.t1,
      tokenLabel: "Entra ID",
      createdAt: at(`2026-01-02T03:04:0${i}.000Z`),
      method: "POST",
      path: "/scim/v2/Users",
      query: i === 1 ? 'filter=userName eq "x"' : null,
      resourceType: "User",
      resourceId: ids.u1,
      externalId: "ext-1",
      userName: "ada@up.test",
      displayName: null,
      status: i === 2 ? 409 : 201,
      scimType: i === 2 ? "uniqueness" : null,
      detail: i === 2 ? "userName taken" : null,
      durationMs: 10 + i,
    });
  }
}

describe.skipIf(migrations.length < 2)(
  `upgrading from the first migration (${migrations[0]}) to head with data (${provider})`,
  () => {
    let app: AppDatabase;
    beforeAll(async () => {
      if (isPg) {
        const admin = new URL(process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
        const name = `scim_upgrade_${run}`;
        const c = new pg.Client({ connectionString: admin.toString() });
        await c.connect();
        await c.query(`CREATE DATABASE ${name}`);
        await c.end();
        const u = new URL(admin.toString());
        u.pathname = `/${name}`;
        url = u.toString();
        dropDatabase = async () => {
          const d = new pg.Client({ connectionString: admin.toString() });
          await d.connect();
          await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await d.end();
        };
      } else {
        fs.mkdirSync(".test", { recursive: true });
        const file = path.join(".test", `upgrade_${run}.db`);
        url = `file:./${file}`;
        dropDatabase = async () => {
          for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + s, { force: true });
        };
      }
      // the first release: its schema, recorded as applied the way `migrate deploy` would have, and data
      deployFirstMigrationOnly();
      expect((await sql(`SELECT "migration_name" FROM "_prisma_migrations"`)).map((r) => r.migration_name)).toEqual([
        migrations[0],
      ]);
      await seedAtFirstMigration();
      // the upgrade, exactly as `npm start` runs it
      migrate({ ...process.env, DATABASE_URL: url }, { quiet: true });
      app = createDatabase(url);
      await app.ready;
    }, 180_000);

    afterAll(async () => {
      await app?.db.$disconnect().catch(() => {});
      await dropDatabase();
    });

    it("every migration is recorded as applied, in order", async () => {
      const rows = await sql(
        `SELECT "migration_name", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "migration_name"`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrations);
      for (const r of rows) {
        expect(r.finished_at, String(r.migration_name)).toBeTruthy();
        expect(r.rolled_back_at).toBeNull();
      }
    });

    it("workspaces, accounts, members, groups, memberships, tokens and events are all there, unchanged", async () => {
      const { db } = app;
      const t = new Date("2026-01-02T03:04:05.678Z");
      expect(
        await db.workspace.findMany({
          where: { id: { in: [ids.w1, ids.w2] } },
          orderBy: { name: "desc" },
          select: { id: true, name: true, plan: true, logRetentionDays: true, createdAt: true },
        }),
      ).toEqual([
        { id: ids.w1, name: "Upgrade Co", plan: "enterprise", logRetentionDays: 90, createdAt: t },
        { id: ids.w2, name: "Other Co", plan: "free", logRetentionDays: 30, createdAt: t },
      ]);
      const accounts = await db.account.findMany({
        where: { id: { in: [ids.a1, ids.a2] } },
        orderBy: { emailLower: "asc" },
      });
      expect(accounts.map((a) => [a.id, a.email, a.emailLower, a.name, a.passwordHash])).toEqual([
        [
          ids.a1,
          "Owner@Up.test",
          "owner@up.test",
          "Olive Owner",
          "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        ],
        [ids.a2, "sam@other.test", "sam@other.test", null, null],
      ]);
      const members = await db.member.findMany({
        where: { workspaceId: { in: [ids.w1, ids.w2] } },
        orderBy: { userNameLower: "asc" },
      });
      expect(
        members.map((m) => ({
          id: m.id,
          ws: m.workspaceId,
          userName: m.userName,
          externalId: m.externalId,
          active: m.active,
          status: m.status,
          role: m.role,
          source: m.source,
          managerId: m.managerId,
          version: m.version,
        })),
      ).toEqual([
        {
          id: ids.u1,
          ws: ids.w1,
          userName: "ada@up.test",
          externalId: "ext-1",
          active: true,
          status: "active",
          role: "member",
          source: "scim",
          managerId: null,
          version: 3,
        },
        {
          id: ids.u2,
          ws: ids.w1,
          userName: "bob@up.test",
          externalId: "ext-2",
          active: false,
          status: "suspended",
          role: "member",
          source: "scim",
          managerId: ids.u1,
          version: 1,
        },
        {
          id: ids.owner,
          ws: ids.w1,
          userName: "Owner@Up.test",
          externalId: null,
          active: true,
          status: "active",
          role: "owner",
          source: "manual",
          managerId: null,
          version: 1,
        },
        {
          id: ids.m2,
          ws: ids.w2,
          userName: "sam@other.test",
          externalId: null,
          active: true,
          status: "active",
          role: "admin",
          source: "manual",
          managerId: null,
          version: 1,
        },
      ]);
      const ada = members.find((m) => m.id === ids.u1)!;
      expect(JSON.parse(ada.attributes)).toEqual(u1Doc);
      expect([ada.displayName, ada.givenName, ada.familyName, ada.title, ada.email, ada.createdAt]).toEqual([
        "Ada Lovelace",
        "Ada",
        "Lovelace",
        "Engineer",
        "ada@up.test",
        t,
      ]);
      expect(members.find((m) => m.id === ids.owner)!.accountId).toBe(ids.a1);
      expect(
        (await db.group.findMany({ where: { workspaceId: ids.w1 }, orderBy: { displayNameLower: "asc" } })).map((g) => [
          g.id,
          g.displayName,
          g.externalId,
          g.version,
        ]),
      ).toEqual([
        [ids.g2, "Empty", null, 1],
        [ids.g1, "Engineering", "grp-1", 2],
      ]);
      expect(
        (await db.groupMember.findMany({ where: { workspaceId: ids.w1 }, orderBy: { memberId: "asc" } }))
          .map((l) => [l.groupId, l.memberId])
          .sort(),
      ).toEqual(
        [
          [ids.g1, ids.u1],
          [ids.g1, ids.u2],
        ].sort(),
      );
      const tokens = await db.scimToken.findMany({ where: { workspaceId: ids.w1 }, orderBy: { label: "asc" } });
      expect(
        tokens.map((x) => [x.id, x.label, x.revokedAt?.toISOString() ?? null, x.expiresAt?.toISOString() ?? null]),
      ).toEqual([
        [ids.t1, "Entra ID", null, null],
        [ids.t3, "Okta", null, "2099-01-01T00:00:00.000Z"],
        [ids.t2, "Old", t.toISOString(), null],
      ]);
      const events = await db.provisioningEvent.findMany({
        where: { id: { in: ids.e } },
        orderBy: { createdAt: "asc" },
      });
      expect(
        events.map((e) => [
          e.id,
          e.workspaceId,
          e.status,
          e.scimType,
          e.detail,
          e.query,
          e.durationMs,
          e.createdAt.toISOString(),
        ]),
      ).toEqual(
        ids.e.map((e, i) => [
          e,
          i < 3 ? ids.w1 : ids.w2,
          i === 2 ? 409 : 201,
          i === 2 ? "uniqueness" : null,
          i === 2 ? "userName taken" : null,
          i === 1 ? 'filter=userName eq "x"' : null,
          10 + i,
          `2026-01-02T03:04:0${i}.000Z`,
        ]),
      );
    });

    it("the old token still authenticates, and SCIM serves the upgraded data", async () => {
      expect(await verifyBearer(app.sql, `Bearer ${token}`)).toMatchObject({ ok: true, tokenId: ids.t1 });
      const g = globalThis as unknown as { __database?: AppDatabase };
      const original = g.__database;
      g.__database = app; // the handle handleScim uses
      try {
        const get = async (p: string) => {
          const res = await handleScim(
            new Request(BASE + p, { headers: { Authorization: `Bearer ${token}` } }),
            new URL(BASE + p).pathname.replace(/^\/scim\/v2\/?/, "").split("/"),
          );
          return { status: res.status, body: await res.json() };
        };
        const ada = await get(`/Users/${ids.u1}`);
        expect(ada.status).toBe(200);
        expect(ada.body).toMatchObject({
          userName: "ada@up.test",
          externalId: "ext-1",
          active: true,
          name: { givenName: "Ada", familyName: "Lovelace" },
        });
        expect(ada.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toMatchObject({
          department: "R&D",
        });
        expect(ada.body.groups.map((x: { value: string }) => x.value)).toEqual([ids.g1]);
        const bob = await get(`/Users/${ids.u2}`);
        expect(bob.body.active).toBe(false);
        expect(bob.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].manager.value).toBe(ids.u1);
        const group = await get(`/Groups/${ids.g1}`);
        expect(group.body.members.map((m: { value: string }) => m.value).sort()).toEqual([ids.u1, ids.u2].sort());
        // and it writes: a PATCH on a pre-upgrade user works
        const patch = await handleScim(
          new Request(BASE + `/Users/${ids.u2}`, {
            method: "PATCH",
            headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
            body: JSON.stringify({
              schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              Operations: [{ op: "replace", path: "active", value: true }],
            }),
          }),
          ["Users", ids.u2],
        );
        expect(patch.status, await patch.clone().text()).toBe(200);
        expect((await app.db.member.findUniqueOrThrow({ where: { id: ids.u2 } })).active).toBe(true);
      } finally {
        await flushProvisioningLog(); // (the queued events hold this handle: write them before it closes)
        g.__database = original;
      }
    });
  },
);
