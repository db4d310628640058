// The net effect of a group PATCH's membership steps must be exactly what applying the steps one after
// another would leave, for any steps and any starting membership: the service writes the net effect as
// one DELETE and one INSERT that must not overlap.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { netMemberChange, type MemberStep } from "@/lib/scim/patch";

const ids = ["a", "b", "c", "d", "e"];
const idList = fc.subarray(ids, { minLength: 1 });
const step: fc.Arbitrary<MemberStep> = fc.oneof(
  idList.map((l) => ({ kind: "add" as const, members: l.map((value) => ({ value })) })),
  idList.map((l) => ({ kind: "remove" as const, ids: l })),
  fc.constant({ kind: "removeAll" as const }),
  fc.subarray(ids).map((l) => ({ kind: "replace" as const, members: l.map((value) => ({ value })) })),
);

function applyInOrder(start: Set<string>, steps: MemberStep[]): Set<string> {
  const s = new Set(start);
  for (const st of steps) {
    if (st.kind === "removeAll" || st.kind === "replace") s.clear();
    if (st.kind === "add" || st.kind === "replace") st.members.forEach((m) => s.add(m.value));
    if (st.kind === "remove") st.ids.forEach((id) => s.delete(id));
  }
  return s;
}

describe("netMemberChange", () => {
  it("leaves the same members as the steps applied in order, with disjoint adds and removes", () => {
    fc.assert(
      fc.property(fc.subarray(ids), fc.array(step, { maxLength: 6 }), (start, steps) => {
        const net = netMemberChange(steps);
        expect(net.add.filter((id) => net.remove.includes(id))).toEqual([]);
        const after = net.reset
          ? new Set(net.add)
          : new Set([...start.filter((id) => !net.remove.includes(id)), ...net.add]);
        expect([...after].sort()).toEqual([...applyInOrder(new Set(start), steps)].sort());
      }),
      { numRuns: 2000 },
    );
  });

  it("Entra's single-member PATCHes", () => {
    expect(netMemberChange([{ kind: "add", members: [{ value: "a" }] }])).toEqual({
      reset: false,
      add: ["a"],
      remove: [],
    });
    expect(netMemberChange([{ kind: "remove", ids: ["a"] }])).toEqual({ reset: false, add: [], remove: ["a"] });
    expect(netMemberChange([])).toEqual({ reset: false, add: [], remove: [] });
  });

  it("a later step wins over an earlier one for the same id; a replace starts over", () => {
    expect(
      netMemberChange([
        { kind: "add", members: [{ value: "a" }] },
        { kind: "remove", ids: ["a", "b"] },
      ]),
    ).toEqual({ reset: false, add: [], remove: ["a", "b"] });
    expect(
      netMemberChange([
        { kind: "remove", ids: ["a"] },
        { kind: "replace", members: [{ value: "b" }] },
        { kind: "add", members: [{ value: "a" }] },
      ]),
    ).toEqual({
      reset: true,
      add: ["b", "a"],
      remove: [],
    });
    expect(netMemberChange([{ kind: "add", members: [{ value: "a" }] }, { kind: "removeAll" }])).toEqual({
      reset: true,
      add: [],
      remove: [],
    });
  });
});
