// SQLite group commit (lib/db/sql.ts): the SCIM transactions of one event-loop turn share one COMMIT, each
// still all or nothing, and nothing (not a write, not a read that ran inside the group) is answered before
// that COMMIT. Observed from a second connection to the same file, as another process would see it.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database as AppDatabase } from "@/lib/db/client";
import { all, run, type Work } from "@/lib/db/sql";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with the benchmark
import { createThrowawayDatabase } from "../../scripts/throwaway-database.mjs";

const isSqlite = process.env.TEST_DB !== "postgres";
let template: { file: string; drop: () => Promise<void> } | undefined;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  if (isSqlite) template = await createThrowawayDatabase("sqlite", ".test", { prefix: "group_commit_template" });
});
afterAll(async () => {
  await template?.drop();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh copy of the migrated template, its app handle, a scratch table and an outside observer. */
async function setup() {
  const file = path.join(".test", `group_commit_${process.pid}_${Date.now()}_${cleanups.length}.db`);
  fs.copyFileSync(template!.file, file);
  const app: AppDatabase = createDatabase(`file:./${file}`);
  await app.ready;
  await app.sql.run(`CREATE TABLE "probe" ("k" TEXT PRIMARY KEY)`);
  const observer = new Database(file, { readonly: true });
  cleanups.push(
    () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
    },
    () => app.close(),
    () => void observer.close(),
  );
  const seen = () =>
    (observer.prepare(`SELECT "k" FROM "probe" ORDER BY "k"`).all() as { k: string }[]).map((r) => r.k);
  /** frames in the write-ahead log, after emptying it (the app connection must be idle) */
  const walFrames = () =>
    (app.sql.all("PRAGMA wal_checkpoint(PASSIVE)") as Promise<{ log: number }[]>).then((r) => r[0].log);
  const resetWal = () => app.sql.all("PRAGMA wal_checkpoint(TRUNCATE)");
  return { app, seen, walFrames, resetWal };
}

function* insert(k: string): Work<void> {
  yield* run(`INSERT INTO "probe" ("k") VALUES (?)`, [k]);
}

describe.skipIf(!isSqlite)("SQLite group commit", () => {
  it("transactions of one turn commit together, each all or nothing, and settle only after the COMMIT", async () => {
    const { app, seen, walFrames, resetWal } = await setup();
    await resetWal();
    const a = app.sql.transaction(() => insert("a"));
    const b = app.sql.transaction(function* () {
      yield* insert("b");
      throw new Error("b fails after its insert");
    });
    const c = app.sql.transaction(() => insert("c"));
    // Same turn: all three ran, none is committed, so another connection sees nothing yet.
    expect(seen()).toEqual([]);
    const settled = await Promise.allSettled([a, b, c]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(seen()).toEqual(["a", "c"]);
    // One COMMIT: the table's and its key's page once each (separate COMMITs would have logged 3 × 2 frames).
    expect(await walFrames()).toBe(2);

    // The next turn opens a group of its own.
    await app.sql.transaction(() => insert("d"));
    expect(seen()).toEqual(["a", "c", "d"]);
  });

  it("a read that ran inside an open group (it saw the group's rows) is answered after the COMMIT", async () => {
    const { app, seen } = await setup();
    const write = app.sql.transaction(() => insert("a"));
    const read = app.sql.query(() => all(`SELECT "k" FROM "probe"`));
    let answeredBeforeCommit: boolean | undefined;
    void read.then(() => (answeredBeforeCommit = seen().length === 0));
    expect(await read).toEqual([{ k: "a" }]);
    await write;
    expect(answeredBeforeCommit).toBe(false);
  });

  it("when SQLite rolls the whole transaction back (as after an I/O error or a full disk), no member of the group commits or succeeds", async () => {
    const { app, seen } = await setup();
    const before = app.sql.transaction(() => insert("a"));
    // A ROLLBACK statement ends the group's transaction the way SQLite itself does after such errors.
    const failing = app.sql.transaction(function* () {
      yield* insert("b");
      yield* run("ROLLBACK");
    });
    const after = app.sql.transaction(() => insert("c"));
    const settled = await Promise.allSettled([before, failing, after]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(seen()).toEqual([]);
    // The connection is usable again at once.
    await app.sql.transaction(() => insert("d"));
    expect(seen()).toEqual(["d"]);
  });

  it("a Prisma query sent while a group holds the connection is answered once the group lets go, with its rows", async () => {
    const { app } = await setup();
    const write = app.sql.transaction(() => insert("a"));
    const viaPrisma = app.db.$queryRawUnsafe<{ k: string }[]>(`SELECT "k" FROM "probe"`);
    expect(await viaPrisma).toEqual([{ k: "a" }]);
    await write;
  });
});
