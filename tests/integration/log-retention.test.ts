// Provisioning-log retention: events older than the workspace's retention are deleted, recent ones are
// kept, the cut-off is exact to the millisecond, and no other workspace loses anything. Timestamps are
// explicit (an injected "now"), never the wall clock.
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { pruneLog, setLogRetention } from "@/lib/services/admin/workspace";
import { pruneEvents } from "@/lib/services/provisioning-log";
import { newWorkspace } from "../support/workspace";

const DAY = 86_400_000;

/** One event per age (ms before `now`), tagged with its age in the path so the survivors can be named. */
async function seedEvents(db: Db, workspaceId: string, now: Date, ages: number[]) {
  await db.provisioningEvent.createMany({
    data: ages.map((age) => ({
      workspaceId,
      method: "GET",
      path: `/scim/v2/Users/${age}`,
      status: 200,
      durationMs: 1,
      createdAt: new Date(now.getTime() - age),
    })),
  });
}

async function ages(db: Db, workspaceId: string) {
  const rows = await db.provisioningEvent.findMany({ where: { workspaceId }, select: { path: true } });
  return rows.map((r) => Number(r.path.split("/").pop())).sort((x, y) => x - y);
}

describe("provisioning log retention", () => {
  it("deletes events older than N days, keeps the rest, exactly at the cut-off, and only in that workspace", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const now = new Date("2031-03-01T12:00:00.000Z");
    const all = [0, 3_600_000, 29 * DAY, 30 * DAY - 1, 30 * DAY, 30 * DAY + 1, 31 * DAY, 400 * DAY];
    await seedEvents(a.db, a.workspace.id, now, all);
    await seedEvents(b.db, b.workspace.id, now, all);

    expect(await pruneEvents(a.workspace.id, 30, now)).toBe(3);
    // an event exactly 30 days old is still inside a 30-day retention; one millisecond older is not
    expect(await ages(a.db, a.workspace.id)).toEqual([0, 3_600_000, 29 * DAY, 30 * DAY - 1, 30 * DAY]);
    expect(await ages(b.db, b.workspace.id)).toEqual(all);

    // pruning again changes nothing; a shorter retention deletes more
    expect(await pruneEvents(a.workspace.id, 30, now)).toBe(0);
    expect(await pruneEvents(a.workspace.id, 1, now)).toBe(3);
    expect(await ages(a.db, a.workspace.id)).toEqual([0, 3_600_000]);
    expect(await ages(b.db, b.workspace.id)).toEqual(all);
  });

  it("saving a retention setting prunes at once; the log page's prune applies the saved setting", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const now = new Date();
    // (these use the real clock, so the ages keep an hour's distance from the cut-offs)
    await seedEvents(a.db, a.workspace.id, now, [0, 6 * DAY, 8 * DAY, 100 * DAY]);
    await seedEvents(b.db, b.workspace.id, now, [0, 6 * DAY, 8 * DAY, 100 * DAY]);

    expect(await setLogRetention(a.workspace.id, 90)).toBe(1);
    expect((await a.db.workspace.findUniqueOrThrow({ where: { id: a.workspace.id } })).logRetentionDays).toBe(90);
    expect(await ages(a.db, a.workspace.id)).toEqual([0, 6 * DAY, 8 * DAY]);

    await a.db.workspace.update({ where: { id: a.workspace.id }, data: { logRetentionDays: 7 } });
    const ws = await a.db.workspace.findUniqueOrThrow({ where: { id: a.workspace.id } });
    expect(await pruneLog(a.workspace.id, ws.logRetentionDays)).toBe(1);
    expect(await ages(a.db, a.workspace.id)).toEqual([0, 6 * DAY]);

    // out-of-range settings are refused and delete nothing
    for (const bad of [0, 366, 1.5])
      await expect(setLogRetention(a.workspace.id, bad)).rejects.toThrow(/between 1 and 365/);
    expect(await ages(a.db, a.workspace.id)).toEqual([0, 6 * DAY]);
    expect(await ages(b.db, b.workspace.id)).toEqual([0, 6 * DAY, 8 * DAY, 100 * DAY]);
  });
});
