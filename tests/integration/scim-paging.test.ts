// SCIM pagination and sorting over HTTP (startIndex, count, sortBy, sortOrder), on the real handler and database.
import { describe, expect, it } from "vitest";
import { newWorkspace, uid } from "../support/workspace";
import { createGroup, createUser, expectList, q } from "../support/scim-resources";

describe("pagination and sorting", () => {
  async function withUsers(n: number) {
    const ws = await newWorkspace();
    for (let i = 0; i < n; i++)
      await createUser(ws.api, { userName: `p${String(i).padStart(2, "0")}-${uid()}@example.com` });
    return ws;
  }

  it("startIndex/count/itemsPerPage/totalResults across pages, in a stable order", async () => {
    const { api } = await withUsers(7);
    const all = await api.get("/Users");
    expectList(all, 8, 8);
    const allIds = all.body.Resources.map((r: { id: string }) => r.id);
    const seen: string[] = [];
    for (const [start, size] of [
      [1, 3],
      [4, 3],
      [7, 2],
    ]) {
      const page = await api.get(`/Users?startIndex=${start}&count=3`);
      expectList(page, 8, size, start);
      seen.push(...page.body.Resources.map((r: { id: string }) => r.id));
    }
    expect(seen).toEqual(allIds);
    expect(new Set(seen).size).toBe(8);
    // the same page twice is the same page
    const again = await api.get("/Users?startIndex=4&count=3");
    expect(again.body.Resources.map((r: { id: string }) => r.id)).toEqual(allIds.slice(3, 6));
  });

  it("count=0, negative and non-numeric values, and a startIndex past the end", async () => {
    const { api } = await withUsers(2);
    expectList(await api.get("/Users?count=0"), 3, 0);
    expectList(await api.get("/Users?count=-5"), 3, 0);
    expectList(await api.get("/Users?startIndex=0&count=2"), 3, 2, 1);
    expectList(await api.get("/Users?startIndex=-3"), 3, 3, 1);
    expectList(await api.get("/Users?startIndex=abc&count=xyz"), 3, 3, 1);
    const deep = await api.get("/Users?startIndex=100&count=10");
    expectList(deep, 3, 0, 100);
    expect(deep.body.Resources).toEqual([]);
    expectList(await api.get("/Users?startIndex=3&count=10"), 3, 1, 3);
    expectList(await api.get("/Groups?startIndex=5"), 0, 0, 5);
  });

  it("count above the maximum is clamped to 200", async () => {
    const { api, db, workspace } = await newWorkspace();
    await db.member.createMany({
      data: Array.from({ length: 205 }, (_, i) => {
        const userName = `bulk${String(i).padStart(3, "0")}@example.com`;
        return {
          workspaceId: workspace.id,
          userName,
          userNameLower: userName,
          attributes: JSON.stringify({ userName, active: true }),
        };
      }),
    });
    const res = await api.get("/Users?count=1000");
    expectList(res, 206, 200);
    const rest = await api.get("/Users?count=1000&startIndex=201");
    expectList(rest, 206, 6, 201);
  });

  it("sortBy / sortOrder", async () => {
    const ws = await newWorkspace();
    const { api } = ws;
    // The default and meta.created orders follow creation time: explicit creation times (owner, b, C, a,
    // one second apart) rather than the wall clock, so the id tie-break never decides.
    const created = [
      ws.owner.id,
      (await createUser(api, { userName: "b@x.test", name: { familyName: "Zed" } })).id,
      (await createUser(api, { userName: "C@x.test", name: { familyName: "alpha" } })).id,
      (await createUser(api, { userName: "a@x.test", name: { familyName: "Mid" } })).id,
    ];
    for (const [i, id] of created.entries()) {
      await ws.db.member.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)) } });
    }
    const names = async (qs: string) =>
      (await api.get(`/Users?${qs}`)).body.Resources.map((r: { userName: string }) => r.userName);
    const owner = ws.owner.userName;
    expect(await names("sortBy=userName")).toEqual(["a@x.test", "b@x.test", "C@x.test", owner]);
    expect(await names("sortBy=userName&sortOrder=descending")).toEqual([owner, "C@x.test", "b@x.test", "a@x.test"]);
    expect(await names("sortBy=name.familyName&filter=" + q("name.familyName pr"))).toEqual([
      "C@x.test",
      "a@x.test",
      "b@x.test",
    ]);
    expect(await names("sortBy=meta.created&sortOrder=descending")).toEqual([
      "a@x.test",
      "C@x.test",
      "b@x.test",
      owner,
    ]);
    expect(await names("sortBy=userName&sortOrder=descending&startIndex=2&count=2")).toEqual(["C@x.test", "b@x.test"]);
    // unknown sort attribute: default order, not an error
    expect(await names("sortBy=noSuchThing")).toEqual([owner, "b@x.test", "C@x.test", "a@x.test"]);
    await createGroup(api, "beta");
    await createGroup(api, "Alpha");
    const groups = await api.get("/Groups?sortBy=displayName&sortOrder=ascending");
    expect(groups.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(["Alpha", "beta"]);
  });
});
