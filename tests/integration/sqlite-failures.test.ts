// SQLite failure modes a self-hosted server meets, answered as "temporarily unavailable" (503 with
// Retry-After) rather than a 500 or a hang: another process holding the write lock past the busy
// timeout (10 s, lib/db/client.ts), and a database file the server may not write. Each runs on its own
// throwaway SQLite file; the app's process-wide handle is pointed at it (as the outage suite does).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@/lib/db/client";
import { handleScim } from "@/lib/scim-http/handler";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";
import { createToken } from "@/lib/services/tokens";
import { createWorkspace } from "@/lib/services/workspaces";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with the benchmark
import { createThrowawayDatabase } from "../../scripts/throwaway-database.mjs";
import { BASE } from "../support/scim-client";
import { ERROR } from "../support/scim-resources";

const isSqlite = process.env.TEST_DB !== "postgres";
const g = globalThis as unknown as { __database?: Database };
const original = g.__database;
const cleanups: (() => Promise<void> | void)[] = [];

let template: { file: string; drop: () => Promise<void> } | undefined;

beforeAll(async () => {
  if (isSqlite) template = await createThrowawayDatabase("sqlite", ".test", { prefix: "sqlite_failure_template" });
});

afterAll(async () => {
  await template?.drop();
});

afterEach(async () => {
  await flushProvisioningLog(); // (queued events hold the test's handle: write them before it closes)
  g.__database = original;
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh SQLite file (a copy of one migrated template) with an Enterprise workspace and a token,
 * served by its own app handle. */
async function isolatedDatabase() {
  const file = path.join(".test", `sqlite_failure_${process.pid}_${Date.now()}_${cleanups.length}.db`);
  fs.copyFileSync(template!.file, file);
  const url = `file:./${file}`;
  const drop = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  };
  const app = createDatabase(url);
  await app.ready;
  cleanups.push(drop, () => app.db.$disconnect().catch(() => {}));
  g.__database = app; // the services below reach the database through the process's handle (afterEach restores it)
  const { workspace } = await createWorkspace({
    name: "Lock Co",
    slug: `lock${Date.now()}`,
    plan: "enterprise",
    ownerEmail: "owner@lock.test",
    ownerPassword: "owner-password-1",
  });
  const { secret } = await createToken(workspace.id, { label: "Entra ID" });
  return { file, url, app, workspaceId: workspace.id, token: secret };
}

async function call(token: string, method: string, p: string, body?: unknown) {
  const url = new URL(BASE + p);
  const res = await handleScim(
    new Request(url, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/scim+json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }),
    url.pathname.replace(/^\/scim\/v2\/?/, "").split("/"),
  );
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}

const chattrWorks = (() => {
  if (!isSqlite) return false;
  const probe = spawnSync(
    "sh",
    [
      "-c",
      'f=$(mktemp -p .) && chattr +i "$f" && ! (echo x >> "$f") 2>/dev/null; r=$?; chattr -i "$f" 2>/dev/null; rm -f "$f"; exit $r',
    ],
    { encoding: "utf8" },
  );
  return probe.status === 0;
})();

describe.skipIf(!isSqlite)("SQLite failure modes → 503", () => {
  it("another process holds the write lock past the busy timeout: writes answer 503 + Retry-After, nothing half-written; served again once it lets go", async () => {
    const db = await isolatedDatabase();
    g.__database = db.app;
    // warm: the token's lastUsedAt is written and the log is flushed, so the locked phase only sees the
    // write under test
    expect((await call(db.token, "GET", "/Users")).status).toBe(200);
    await flushProvisioningLog();

    const locker = spawn(
      process.execPath,
      [
        "-e",
        `
      const db = new (require("better-sqlite3"))(${JSON.stringify(db.file)});
      db.exec("BEGIN IMMEDIATE");
      process.stdout.write("locked\\n");
      process.stdin.resume();
      process.stdin.on("end", () => { db.exec("ROLLBACK"); db.close(); process.exit(0); });
    `,
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => locker.on("exit", resolve));
    cleanups.push(async () => {
      locker.stdin.end();
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      locker.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
      locker.on("exit", (code) => reject(new Error(`the locking process exited (${code})`)));
    });

    const refused = await call(db.token, "POST", "/Users", { userName: "locked-out@lock.test" });
    expect(refused.status, refused.text).toBe(503);
    expect(refused.body.schemas).toEqual([ERROR]);
    expect(refused.body.detail).toMatch(/temporarily unavailable/i);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.text).not.toMatch(/SQLITE|locked|\.db/i); // no internals

    locker.stdin.end();
    await exited;
    const created = await call(db.token, "POST", "/Users", { userName: "locked-out@lock.test" });
    expect(created.status, created.text).toBe(201); // the refused request had written nothing
    expect(
      await db.app.db.member.count({ where: { workspaceId: db.workspaceId, userNameLower: "locked-out@lock.test" } }),
    ).toBe(1);
    await flushProvisioningLog();
    expect(
      (await db.app.db.provisioningEvent.findMany({ where: { workspaceId: db.workspaceId, method: "POST" } }))
        .map((e) => e.status)
        .sort(),
    ).toEqual([201, 503]);
  }, 60_000);

  describe.skipIf(!chattrWorks)(
    "a database file the server may not write (immutable; chattr +i, as root ignores permissions)",
    () => {
      async function readOnlyDatabase() {
        const db = await isolatedDatabase();
        await db.app.db.$disconnect(); // checkpointed and closed: the file alone holds the data
        execFileSync("chattr", ["+i", db.file]);
        cleanups.push(() => void execFileSync("chattr", ["-i", db.file]));
        const app = createDatabase(db.url);
        cleanups.push(async () => {
          await flushProvisioningLog();
          await app.db.$disconnect().catch(() => {});
        });
        g.__database = app;
        return { ...db, app };
      }

      it("reads are still served", async () => {
        const db = await readOnlyDatabase();
        const res = await call(db.token, "GET", "/Users");
        expect(res.status, res.text).toBe(200);
        expect(res.body.totalResults).toBe(1);
      });

      // A read-only file (a restore gone wrong, a full or remounted disk) is the operator's to fix: writes are
      // refused as temporarily unavailable, so identity providers retry instead of quarantining.
      it("writes answer 503 with Retry-After", async () => {
        const db = await readOnlyDatabase();
        const res = await call(db.token, "POST", "/Users", { userName: "ro@lock.test" });
        expect(res.status, res.text).toBe(503);
        expect(Number(res.retryAfter)).toBeGreaterThan(0);
      });
    },
  );
});
