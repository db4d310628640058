// SCIM list totals on the driver-level hot path (lib/db/sql.ts): totals without COUNT, through the real handler on
// the configured database.
import { describe, it, expect } from "vitest";
import { database } from "@/lib/db/client";
import type { Work } from "@/lib/db/sql";
import { parseFilter } from "@/lib/scim/filter/parse";
import { queryPage, type ListQuery } from "@/lib/services/scim/list";
import { newWorkspace, uid } from "../support/workspace";
import { createGroup, createUser, expectList, q } from "../support/scim-resources";

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
    const scope = {
      workspaceId: workspace.id,
      tokenId: null,
      baseUrl: "",
      provider: database().provider,
      ownerPowers: false,
      notes: [],
    };
    // A filter that every user matches: the unfiltered list takes its total from the kept member count
    // (prisma/models/counts.prisma, checked below), a filtered one counts when the page cannot tell.
    const everyone = parseFilter("userName pr");
    const run = async (page: Partial<ListQuery>) => {
      const seen: string[] = [];
      const result = await database().sql.query(() =>
        recorded(
          queryPage(scope, "User", { startIndex: 1, count: 100, sortOrder: "ascending", filter: everyone, ...page }),
          seen,
        ),
      );
      return {
        total: result.totalResults,
        items: result.rows.length,
        counted: seen.some((s) => s.includes("COUNT(*)")),
      };
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
      // without the filter: the same total and page, never a COUNT(*)
      expect({ page, ...(await run({ ...page, filter: undefined })) }).toEqual({ page, total, items, counted: false });
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
