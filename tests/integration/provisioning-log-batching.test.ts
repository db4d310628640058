// The batched provisioning log: SCIM requests recorded in batches and flushed, through the real handler on the
// configured database.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, it, expect, vi } from "vitest";
import { database } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { Sql } from "@/lib/db/sql";
import { handleScim } from "@/lib/scim-http/handler";
import { flushProvisioningLog, recordEvent } from "@/lib/services/provisioning-log";
import { BASE } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";

describe("the batched provisioning log", () => {
  const event = (workspaceId: string, i: number) => ({
    workspaceId,
    method: "GET",
    path: `/scim/v2/Users/${i}`,
    status: 200,
    durationMs: 1,
  });

  it("writes a request's event within the flush interval without being asked", async () => {
    const { db, workspace, token } = await newWorkspace();
    const res = await handleScim(
      new Request(`${BASE}/Users?count=1`, { headers: { Authorization: `Bearer ${token}` } }),
      ["Users"],
    );
    expect(res.status).toBe(200);
    await vi.waitFor(
      async () => expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(1),
      { timeout: 2_000, interval: 20 },
    );
  });

  it("loses nothing in bursts larger than a batch, beside concurrent requests", async () => {
    const { api, db, workspace } = await newWorkspace();
    const requests = Array.from({ length: 30 }, () => api.get("/Users?count=1"));
    for (let i = 0; i < 450; i++) recordEvent(database().sql, event(workspace.id, i));
    expect((await Promise.all(requests)).every((r) => r.status === 200)).toBe(true);
    await flushProvisioningLog();
    expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(480);
  });

  it("writes the rest of a batch when the database refuses one event", async () => {
    const { db, workspace } = await newWorkspace();
    const errors = vi.spyOn(log, "error").mockImplementation(() => {});
    try {
      for (let i = 0; i < 10; i++)
        recordEvent(database().sql, event(i === 4 ? `no-such-workspace-${uid()}` : workspace.id, i));
      await flushProvisioningLog();
      expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(9);
      expect(errors).toHaveBeenCalledWith(
        { reason: expect.any(String) },
        expect.stringMatching(/1 of 10 events could not be written/),
      );
    } finally {
      errors.mockRestore();
    }
  });

  it("drops a batch at once when the database does not answer, without retrying event by event", async () => {
    const errors = vi.spyOn(log, "error").mockImplementation(() => {});
    const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const query = vi.fn().mockRejectedValue(down);
    // (a batch is one statement on PostgreSQL, one transaction on SQLite)
    const unreachable = { ...database().sql, query, transaction: query } as Sql;
    try {
      for (let i = 0; i < 5; i++) recordEvent(unreachable, event("ws-that-is-down", i));
      await flushProvisioningLog();
      expect(query).toHaveBeenCalledTimes(1);
      expect(errors).toHaveBeenCalledWith(
        { reason: down.message },
        expect.stringMatching(/5 events could not be written/),
      );
    } finally {
      errors.mockRestore();
    }
  });

  describe("when the process ends before the flush timer", { timeout: 60_000 }, () => {
    const run = promisify(execFile);
    const sqlite = database().provider === "sqlite";
    const ends = async (how: string) => {
      const { db, workspace } = await newWorkspace();
      await run(
        process.execPath,
        ["node_modules/tsx/dist/cli.mjs", "tests/support/log-at-exit.ts", workspace.id, how, "3"],
        { env: process.env, timeout: 30_000 },
      ).catch((e: { code?: number }) => {
        if (!(how === "sigterm" && e.code === 143)) throw e;
      });
      return db.provisioningEvent.findMany({ where: { workspaceId: workspace.id }, orderBy: { path: "asc" } });
    };

    it("writes the queue when the server is stopped with SIGTERM, and events that come in while it closes", async () => {
      expect((await ends("sigterm")).map((e) => e.path)).toEqual(
        [0, 1, 2, 3].map((i) => `/scim/v2/Users/sigterm-${i}`),
      );
    });

    it.runIf(sqlite)("writes the queue when the event loop runs dry", async () => {
      expect(await ends("drain")).toHaveLength(3);
    });

    it.runIf(sqlite)("writes the queue on SQLite even on process.exit()", async () => {
      expect(await ends("exit")).toHaveLength(3);
    });
  });
});
