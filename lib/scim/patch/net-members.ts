// The net effect of a group PATCH's membership steps. Steps apply in order (RFC 7644 §3.5.2), but their
// combined effect on the join table is always "optionally clear, then remove some ids, add others" with
// the added and removed ids disjoint — so the service can write it as two set operations (a DELETE and
// an INSERT … ON CONFLICT DO NOTHING) that touch different rows, in one statement on PostgreSQL.
import type { MemberStep } from "./types";

export interface NetMemberChange {
  /** memberships not in `add` go (a removeAll or replace happened); `remove` is then empty */
  reset: boolean;
  /** ids that are members afterwards (if they are members of the workspace) */
  add: string[];
  /** ids that are not members afterwards; disjoint from `add` */
  remove: string[];
}

export function netMemberChange(steps: MemberStep[]): NetMemberChange {
  let reset = false;
  // The last step that mentions an id decides it: true = member afterwards, false = not.
  const last = new Map<string, boolean>();
  for (const step of steps) {
    if (step.kind === "removeAll" || step.kind === "replace") {
      reset = true;
      last.clear();
    }
    if (step.kind === "add" || step.kind === "replace") for (const m of step.members) last.set(m.value, true);
    if (step.kind === "remove") for (const id of step.ids) last.set(id, false);
  }
  const add = [...last].filter(([, member]) => member).map(([id]) => id);
  // After a reset everything not added is gone already: nothing left to name.
  const remove = reset ? [] : [...last].filter(([, member]) => !member).map(([id]) => id);
  return { reset, add, remove };
}
