// The admin lists sorted by name in natural order ("User 2" before "User 10") by the database, and paged
// with keyset cursors that continue exactly where the previous page stopped, both ways, filtered or not.
import { describe, expect, it } from "vitest";
import { countMembersBeforeSorted, listGroupsByName, listMembersSorted } from "@/lib/services/admin/natural-order";
import { newWorkspace, uid } from "../support/workspace";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

// The search below looks for "ADA" in user names too: a random hex id must not spell it ("…ada…").
const noAda = (prefix: string) => uid(prefix).replace(/a/g, "g");

describe("natural name order", () => {
  it("sorts members by their shown name, numbers by value, and pages consistently", async () => {
    const { workspace, api } = await newWorkspace();
    const names = ["User 10", "User 2", "user 1", "User 100", "Zoë", "Ada 9", "Ada 10"];
    for (const n of names) {
      const r = await api.post("/Users", { schemas: [USER], userName: `${noAda("n")}@example.test`, displayName: n });
      expect(r.status).toBe(201);
    }
    // no display name: given + family name; neither: the user name
    await api.post("/Users", {
      schemas: [USER],
      userName: `${noAda("g")}@example.test`,
      name: { givenName: "User", familyName: "3" },
    });
    await api.post("/Users", { schemas: [USER], userName: "user 20" });
    const shown = (r: {
      displayName: string | null;
      givenName: string | null;
      familyName: string | null;
      userName: string;
    }) => r.displayName || [r.givenName, r.familyName].filter(Boolean).join(" ") || r.userName;
    const f = { source: "scim" };
    const want = ["Ada 9", "Ada 10", "user 1", "User 2", "User 3", "User 10", "user 20", "User 100", "Zoë"];

    const all = await listMembersSorted(workspace.id, f, { size: 50 }, "name", "asc");
    expect(all.rows.map(shown)).toEqual(want);
    const desc = await listMembersSorted(workspace.id, f, { size: 50 }, "name", "desc");
    expect(desc.rows.map(shown)).toEqual([...want].reverse());

    // pages of 2 forward, then back from the last page
    const pages: string[][] = [];
    let page = await listMembersSorted(workspace.id, f, { size: 2 }, "name", "asc");
    pages.push(page.rows.map(shown));
    while (page.next) {
      page = await listMembersSorted(workspace.id, f, { size: 2, after: page.next }, "name", "asc");
      pages.push(page.rows.map(shown));
      expect(await countMembersBeforeSorted(workspace.id, f, page.rows[0].id, "name", "asc")).toBe(
        2 * (pages.length - 1),
      );
    }
    expect(pages.flat()).toEqual(want);
    const back = await listMembersSorted(workspace.id, f, { size: 2, before: page.prev }, "name", "asc");
    expect(back.rows.map(shown)).toEqual(pages[pages.length - 2]);

    // the search filter applies as in the default order
    const found = await listMembersSorted(workspace.id, { q: "ADA" }, { size: 50 }, "name", "asc");
    expect(found.rows.map(shown)).toEqual(["Ada 9", "Ada 10"]);
    const none = await listMembersSorted(workspace.id, { q: "100%" }, { size: 50 }, "name", "asc");
    expect(none.rows).toEqual([]);

    // by user name, descending, in pages: the reverse of the ascending order
    const ascending = await listMembersSorted(workspace.id, f, { size: 50 }, "userName", "asc");
    const userNames = ascending.rows.map((r) => r.userName.toLowerCase()).reverse();
    expect(userNames).toHaveLength(want.length);
    const first = await listMembersSorted(workspace.id, f, { size: 5 }, "userName", "desc");
    const second = await listMembersSorted(workspace.id, f, { size: 5, after: first.next }, "userName", "desc");
    expect([...first.rows, ...second.rows].map((r) => r.userName.toLowerCase())).toEqual(userNames);
    expect(await countMembersBeforeSorted(workspace.id, f, second.rows[0].id, "userName", "desc")).toBe(5);
  });

  it("sorts groups by name in natural order", async () => {
    const { workspace, api } = await newWorkspace();
    for (const n of ["Team 10", "Team 2", "team 1", "Alpha"])
      expect((await api.post("/Groups", { schemas: [GROUP], displayName: n })).status).toBe(201);
    const asc = await listGroupsByName(workspace.id, undefined, { size: 3 }, "asc");
    expect(asc.rows.map((g) => g.displayName)).toEqual(["Alpha", "team 1", "Team 2"]);
    const rest = await listGroupsByName(workspace.id, undefined, { size: 3, after: asc.next }, "asc");
    expect(rest.rows.map((g) => g.displayName)).toEqual(["Team 10"]);
    const team = await listGroupsByName(workspace.id, "team", { size: 50 }, "desc");
    expect(team.rows.map((g) => g.displayName)).toEqual(["Team 10", "Team 2", "team 1"]);
  });
});
