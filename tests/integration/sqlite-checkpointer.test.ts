// WAL checkpoints on a worker thread (lib/db/sqlite-checkpointer.ts): with the worker running, the request
// connection no longer checkpoints below its backstop threshold, yet written pages still reach the
// database file; closing stops the worker and leaves no log behind; a worker that cannot start reports it,
// so the connection can take checkpoints back.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase, database, type Database } from "@/lib/db/client";
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer } from "@/lib/db/sqlite-checkpointer";

const opened: Database[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});

async function freshDatabase(): Promise<{ d: Database; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ckpt-"));
  const file = path.join(dir, "t.db");
  const d = createDatabase(`file:${file}`);
  opened.push(d);
  await d.ready;
  await d.sql.run(`CREATE TABLE t ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL)`);
  return { d, file };
}

/** ~2 500 pages of log: past SQLite's default threshold (1 000), below the backstop (16 000). */
async function writePages(d: Database) {
  const body = "x".repeat(3000);
  for (let i = 0; i < 2500; i++) await d.sql.run(`INSERT INTO t ("body") VALUES (?)`, [body]);
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
}

describe.skipIf(database().provider !== "sqlite")("SQLite checkpoints on a worker thread", () => {
  it("without the worker, the committing connection checkpoints (what the worker takes over)", async () => {
    const { d, file } = await freshDatabase();
    await writePages(d);
    expect(fs.statSync(file).size).toBeGreaterThan(5_000_000);
  });

  it("with the worker, written pages reach the database file although the connection no longer checkpoints", async () => {
    const { d, file } = await freshDatabase();
    d.startBackgroundCheckpoints();
    const [{ wal_autocheckpoint }] = await d.sql.all("PRAGMA wal_autocheckpoint");
    expect(wal_autocheckpoint).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES);
    await writePages(d);
    expect(await until(() => fs.statSync(file).size > 5_000_000)).toBe(true);
    // every row is there, read through the request connection
    const [{ n }] = await d.sql.all(`SELECT COUNT(*) AS n FROM t`);
    expect(n).toBe(2500);
  });

  it("closing stops the worker first: the request connection closes last and removes the log", async () => {
    const { d, file } = await freshDatabase();
    d.startBackgroundCheckpoints();
    await writePages(d);
    await d.close();
    opened.splice(opened.indexOf(d), 1);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("a worker that cannot open the database reports its end, so the caller restores checkpoints on commit", async () => {
    const ended = await new Promise<Error | undefined>((resolve) =>
      startCheckpointer(path.join(os.tmpdir(), "no-such-dir", "none.db"), resolve),
    );
    expect(ended).toBeInstanceOf(Error);
  });
});
