// Backups while the server keeps serving (issue 20): `npm run admin -- backup` runs in the middle of a
// SCIM write load against the real `next start` server, the backup is restored into a fresh data
// directory (SQLite) or an empty database (PostgreSQL), the app is started on it, and every write that was
// acknowledged before the backup began must be there (SQLite: PRAGMA integrity_check clean as well).
// A restore never overwrites a database that holds data, the live one included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { databaseUrl } from "@/lib/db/url";
import { ensureBuild, pollUntil, startNextServer, type NextServer } from "../support/next-server";
import { scimWriteLoad } from "../support/scim-load";
import { TEST_DB, adminCli, emptyDatabase, memberUserNames, sqliteIntegrity } from "../support/ops";
import { newWorkspace, uid } from "../support/workspace";

describe(`backup and restore under SCIM load (${TEST_DB})`, () => {
  let server: NextServer;
  let restoredServer: NextServer | undefined;
  let target: Awaited<ReturnType<typeof emptyDatabase>> | undefined;
  let ws: Awaited<ReturnType<typeof newWorkspace>>;
  const backupFile = path.resolve(".test", `${uid("backup")}.${TEST_DB === "sqlite" ? "db" : "dump"}`);

  beforeAll(async () => {
    ensureBuild();
    ws = await newWorkspace();
    server = await startNextServer(databaseUrl());
  }, 600_000);

  afterAll(async () => {
    await restoredServer?.stop();
    await server?.stop();
    await target?.drop();
    fs.rmSync(backupFile, { force: true });
  });

  it("backs up online; the restored copy has every write acknowledged before the backup began", async () => {
    const load = scimWriteLoad(server.url, ws.token, { workers: 4, prefix: uid("b") });
    await pollUntil("writes before the backup", () => load.acknowledged().length >= 40);
    const ackedBeforeCommand = load.acknowledged().length;
    const backup = await adminCli(databaseUrl(), ["backup", "--out", backupFile, "--json"]);
    const duringBackup = load.acknowledged().length - ackedBeforeCommand;
    await pollUntil(
      "writes after the backup",
      () => load.acknowledged().length >= ackedBeforeCommand + duringBackup + 10,
    );
    await load.stop();

    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    const result = JSON.parse(backup.stdout);
    expect(result).toMatchObject({ provider: TEST_DB, file: backupFile });
    // The backup began at `snapshotAt` (no later): every write acknowledged before then must be in it,
    // including the ones acknowledged while the command was starting up.
    const began = Date.parse(result.snapshotAt);
    const before = load.outcomes.filter((o) => o.status === 201 && o.at < began).map((o) => o.userName);
    expect(before.length).toBeGreaterThanOrEqual(ackedBeforeCommand);
    console.log(
      `backup of ${result.bytes} bytes took ${result.durationMs} ms; ${duringBackup} SCIM writes were acknowledged while the backup command ran, ${before.length} before its snapshot began`,
    );
    // The server kept serving: every request of the load succeeded, also while the backup ran.
    expect(load.outcomes.filter((o) => o.status !== 201)).toEqual([]);

    target = await emptyDatabase();
    const restore = await adminCli(target.url, ["restore", "--from", backupFile, "--json"]);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);

    // `npm start` on the restored database: migrations are already applied, the app serves it.
    restoredServer = await startNextServer(target.url);
    const ready = await fetch(`${restoredServer.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    const names = new Set<string>();
    for (let start = 1; ; start += 200) {
      const res = await fetch(`${restoredServer.url}/scim/v2/Users?count=200&startIndex=${start}`, {
        headers: { Authorization: `Bearer ${ws.token}` },
      });
      expect(res.status).toBe(200);
      const page = await res.json();
      for (const u of page.Resources) names.add(u.userName);
      if (page.Resources.length < 200) break;
    }
    const missing = before.filter((n) => !names.has(n));
    expect(missing).toEqual([]);
    // Nothing the load wrote after the backup finished can be in it; everything in it was acknowledged or in flight.
    const written = new Set(load.outcomes.map((o) => o.userName));
    expect([...names].filter((n) => !written.has(n) && n !== ws.owner.userName)).toEqual([]);
    const stored = await memberUserNames(target.url, ws.workspace.id);
    expect(before.filter((n) => !stored.has(n))).toEqual([]);
    if (target.file) expect(sqliteIntegrity(target.file)).toBe("ok");
  });

  it("refuses to restore over a database that holds data, the live one included", async () => {
    await pollUntil("the backup file", () => fs.existsSync(backupFile));
    const live = await adminCli(databaseUrl(), ["restore", "--from", backupFile]);
    expect(live.code).toBe(1);
    expect(live.stderr).toMatch(/Refusing to restore/);
    // the live server is untouched and still serves
    const res = await fetch(`${server.url}/scim/v2/Users?count=1`, {
      headers: { Authorization: `Bearer ${ws.token}` },
    });
    expect(res.status).toBe(200);

    const again = await adminCli(target!.url, ["restore", "--from", backupFile]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Refusing to restore/);

    // a backup of the other kind of database is refused before anything is written
    const wrongKind = path.resolve(".test", `${uid("wrong")}.bin`);
    fs.writeFileSync(wrongKind, TEST_DB === "sqlite" ? "PGDMP\u0001\u000e\u0000" : "SQLite format 3\u0000");
    const fresh = await emptyDatabase();
    try {
      const wrong = await adminCli(fresh.url, ["restore", "--from", wrongKind]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/backup, but DATABASE_URL names/);
      if (fresh.file) expect(fs.existsSync(fresh.file)).toBe(false);
    } finally {
      fs.rmSync(wrongKind, { force: true });
      await fresh.drop();
    }
  });

  it("never overwrites an existing backup file", async () => {
    const res = await adminCli(databaseUrl(), ["backup", "--out", backupFile]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/already exists/);
  });
});
