// The SCIM API end to end through the real handler, on the configured database, for what the driver-level
// hot path (lib/db/sql.ts) changed: list totals without COUNT, rows written by the SCIM path and by Prisma
// reading back the same through both, membership set operations, owner protection, token revocation and
// the batched provisioning log.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, it, expect, vi } from "vitest";
import { database } from "@/lib/db/client";
import type { Sql, Work } from "@/lib/db/sql";
import { handleScim } from "@/lib/http/scim/handler";
import { flushProvisioningLog, recordEvent } from "@/lib/services/provisioning-log";
import { queryIds, type ListQuery } from "@/lib/services/scim-list";
import { BASE, newWorkspace, uid } from "./helpers";
import { createGroup, createUser, expectList, q } from "./scim-support";

/** Passes `work` through, noting the text of every statement it sends. */
function* recorded<T>(work: Work<T>, seen: string[]): Work<T> {
  let step = work.next();
  while (!step.done) {
    seen.push(step.value.text);
    try {
      step = work.next(yield step.value);
    } catch (e) {
      step = work.throw(e);
    }
  }
  return step.value;
}

describe("SCIM list totals", () => {
  it("are right at every page position, counting only when the page cannot tell", async () => {
    const { api, workspace } = await newWorkspace(); // the owner is one user
    for (let i = 0; i < 4; i++) await createUser(api);
    const scope = { workspaceId: workspace.id, tokenId: null, baseUrl: "", provider: database().provider };
    const run = async (page: Partial<ListQuery>) => {
      const seen: string[] = [];
      const result = await database().sql.query(() => recorded(queryIds(scope, "User", { startIndex: 1, count: 100, sortOrder: "ascending", ...page }), seen));
      return { total: result.totalResults, items: result.ids.length, counted: seen.some((s) => s.includes("COUNT(*)")) };
    };
    // [page, total, items on the page, whether a COUNT was needed]
    const cases: [Partial<ListQuery>, number, number, boolean][] = [
      [{}, 5, 5, false], // short first page: the page is the whole result
      [{ count: 2 }, 5, 2, true], // full page: more may follow
      [{ startIndex: 4, count: 2 }, 5, 2, true], // full page that happens to end the result
      [{ startIndex: 5, count: 2 }, 5, 1, false], // short last page
      [{ startIndex: 6, count: 2 }, 5, 0, true], // empty page past the end: the total is unknown
      [{ startIndex: 9, count: 2 }, 5, 0, true],
      [{ count: 0 }, 5, 0, true], // count=0 asks for the total only
      [{ count: 5 }, 5, 5, true],
      [{ count: 6 }, 5, 5, false],
      [{ startIndex: 2 ** 40, count: 2 }, 5, 0, true], // far past the end
      [{ startIndex: 1e20, count: 2 }, 5, 0, true], // past any OFFSET the databases take
    ];
    for (const [page, total, items, counted] of cases) {
      expect({ page, ...(await run(page)) }).toEqual({ page, total, items, counted });
    }
  });

  it("match COUNT over the HTTP API for filters, pages and both resource types", async () => {
    const { api } = await newWorkspace();
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await createUser(api, { title: i % 2 ? "odd" : "even" }));
    expectList(await api.get(`/Users?filter=${q(`userName eq "${made[2].userName.toUpperCase()}"`)}`), 1);
    expectList(await api.get(`/Users?filter=${q(`userName eq "nobody-${uid()}@example.com"`)}`), 0);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&count=1`), 2, 1);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&startIndex=2&count=1`), 2, 1, 2);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&startIndex=2`), 2, 1, 2);
    expectList(await api.get(`/Users?filter=${q('title eq "odd"')}&startIndex=3`), 2, 0, 3);
    expectList(await api.get("/Users?count=0"), 5, 0);
    expectList(await api.get("/Users?startIndex=5&count=3"), 5, 1, 5);
    const far = await api.get("/Users?startIndex=99999999999999999999&count=3");
    expect(far.status, far.text).toBe(200);
    expect(far.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    for (const name of ["A", "B", "C"]) await createGroup(api, `${name} team`);
    expectList(await api.get(`/Groups?excludedAttributes=members&filter=${q('displayName eq "b TEAM"')}`), 1);
    expectList(await api.get("/Groups?count=2"), 3, 2);
    expectList(await api.get("/Groups?startIndex=3&count=2"), 3, 1, 3);
    expectList(await api.get("/Groups?startIndex=4&count=2"), 3, 0, 4);
  });
});

describe("the batched provisioning log", () => {
  const event = (workspaceId: string, i: number) => ({ workspaceId, method: "GET", path: `/scim/v2/Users/${i}`, status: 200, durationMs: 1 });

  it("writes a request's event within the flush interval without being asked", async () => {
    const { db, workspace, token } = await newWorkspace();
    const res = await handleScim(new Request(`${BASE}/Users?count=1`, { headers: { Authorization: `Bearer ${token}` } }), ["Users"]);
    expect(res.status).toBe(200);
    await vi.waitFor(async () => expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(1), { timeout: 2_000, interval: 20 });
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
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (let i = 0; i < 10; i++) recordEvent(database().sql, event(i === 4 ? `no-such-workspace-${uid()}` : workspace.id, i));
      await flushProvisioningLog();
      expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id } })).toBe(9);
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/1 of 10 events could not be written/), expect.any(String));
    } finally {
      errors.mockRestore();
    }
  });

  it("drops a batch at once when the database does not answer, without retrying event by event", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const run = vi.fn().mockRejectedValue(down);
    const unreachable = { ...database().sql, run } as Sql;
    try {
      for (let i = 0; i < 5; i++) recordEvent(unreachable, event("ws-that-is-down", i));
      await flushProvisioningLog();
      expect(run).toHaveBeenCalledTimes(1);
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/5 events could not be written/), down.message);
    } finally {
      errors.mockRestore();
    }
  });

  describe("when the process ends before the flush timer", { timeout: 60_000 }, () => {
    const run = promisify(execFile);
    const sqlite = database().provider === "sqlite";
    const ends = async (how: string) => {
      const { db, workspace } = await newWorkspace();
      await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "tests/support/log-at-exit.ts", workspace.id, how, "3"], { env: process.env, timeout: 30_000 }).catch(
        (e: { code?: number }) => {
          if (!(how === "sigterm" && e.code === 143)) throw e;
        },
      );
      return db.provisioningEvent.findMany({ where: { workspaceId: workspace.id }, orderBy: { path: "asc" } });
    };

    it("writes the queue when the server is stopped with SIGTERM, and events that come in while it closes", async () => {
      expect((await ends("sigterm")).map((e) => e.path)).toEqual([0, 1, 2, 3].map((i) => `/scim/v2/Users/sigterm-${i}`));
    });

    it.runIf(sqlite)("writes the queue when the event loop runs dry", async () => {
      expect(await ends("drain")).toHaveLength(3);
    });

    it.runIf(sqlite)("writes the queue on SQLite even on process.exit()", async () => {
      expect(await ends("exit")).toHaveLength(3);
    });
  });
});
