// scripts/data-fixes.mjs on a database that an older release wrote: key columns that were lower case only
// are re-keyed to the folded form (NFC + lower case), a look-alike pair that already coexists is left for an
// admin (with a warning naming it), and the fix runs once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database as AppDatabase } from "@/lib/db/client";
// @ts-expect-error plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";
// @ts-expect-error plain ESM script without types
import { applyDataFixes } from "../../scripts/data-fixes.mjs";
import { emptyDatabase, queryRows } from "../support/ops";

const composed = "Jos\u00E9@Example.com";
const decomposed = "Jose\u0301@Example.com";
let target: Awaited<ReturnType<typeof emptyDatabase>>;
let app: AppDatabase;

beforeAll(async () => {
  target = await emptyDatabase();
  migrate({ ...process.env, DATABASE_URL: target.url }, { quiet: true });
  app = createDatabase(target.url);
  await app.ready;
}, 120_000);
afterAll(async () => {
  await app?.db.$disconnect().catch(() => {});
  await target?.drop();
});

const keysOf = async (table: string, id: string) =>
  (
    await queryRows(target.url, `SELECT * FROM "${table}" WHERE "id" = ?`, `SELECT * FROM "${table}" WHERE "id" = $1`, [
      id,
    ])
  )[0];

describe("data fix fold-keys-nfc", () => {
  it("re-keys rows written with lower-case-only keys, leaves an existing look-alike pair, runs once", async () => {
    const db = app.db;
    expect((await db.dataFix.findMany()).map((f: { name: string }) => f.name)).toContain("fold-keys-nfc"); // a new database has it done
    await db.dataFix.deleteMany(); // as if the database came from the release before
    const ws = await db.workspace.create({ data: { name: "Old", slug: `old-${Date.now()}` } });
    // what the old code stored: keys = toLowerCase() of the value as sent
    const old = (s: string) => s.toLowerCase();
    const m1 = await db.member.create({
      data: {
        workspaceId: ws.id,
        userName: decomposed,
        userNameLower: old(decomposed),
        email: decomposed,
        emailLower: old(decomposed),
      },
    });
    const m2 = await db.member.create({
      data: { workspaceId: ws.id, userName: "plain@example.com", userNameLower: "plain@example.com" },
    });
    // a look-alike pair the old rules let coexist: the second cannot take the shared key
    const a = await db.member.create({
      data: { workspaceId: ws.id, userName: "Zo\u00EB@example.com", userNameLower: old("Zo\u00EB@example.com") },
    });
    const b = await db.member.create({
      data: { workspaceId: ws.id, userName: "Zoe\u0308@example.com", userNameLower: old("Zoe\u0308@example.com") },
    });
    const g = await db.group.create({
      data: { workspaceId: ws.id, displayName: "Cafe\u0301", displayNameLower: old("Cafe\u0301") },
    });
    const acc = await db.account.create({ data: { email: decomposed, emailLower: old(decomposed) } });

    const warnings: string[] = [];
    const log = { log: () => {}, warn: (s: string) => warnings.push(s) };
    await applyDataFixes(target.url, log);

    const folded = composed.toLowerCase();
    expect(await keysOf("Member", m1.id)).toMatchObject({
      userName: decomposed,
      userNameLower: folded,
      email: decomposed,
      emailLower: folded,
    });
    expect(await keysOf("Member", m2.id)).toMatchObject({ userNameLower: "plain@example.com" });
    expect((await keysOf("Group", g.id)).displayNameLower).toBe("caf\u00E9");
    expect((await keysOf("Account", acc.id)).emailLower).toBe(folded);
    const pair = [(await keysOf("Member", a.id)).userNameLower, (await keysOf("Member", b.id)).userNameLower];
    expect(pair).toContain("zo\u00EB@example.com");
    expect(new Set(pair).size).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/another row/);

    // done once: a second run reads nothing and changes nothing
    await db.member.update({ where: { id: m1.id }, data: { userNameLower: "stale" } });
    await applyDataFixes(target.url, log);
    expect((await keysOf("Member", m1.id)).userNameLower).toBe("stale");
    expect(warnings).toHaveLength(1);
  });
});
