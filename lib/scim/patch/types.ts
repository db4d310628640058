// Types shared by the PATCH request parser, the user engine and the group planner.
import type { PatchPath } from "../filter/ast";

export type PatchOpName = "add" | "replace" | "remove";

export interface PatchOperation {
  op: PatchOpName;
  path?: PatchPath;
  /** the path exactly as the client sent it, for logs and error details */
  rawPath?: string;
  value?: unknown;
}

export interface GroupMemberRef {
  value: string;
  display?: string;
}

/** One membership change. The service applies these as set operations on the join table, in order. */
export type MemberStep =
  | { kind: "add"; members: GroupMemberRef[] }
  | { kind: "remove"; ids: string[] }
  | { kind: "removeAll" }
  | { kind: "replace"; members: GroupMemberRef[] };

/** What a group PATCH changes. `externalId: null` clears it; an absent key leaves it unchanged. */
export interface GroupPatchPlan {
  displayName?: string;
  externalId?: string | null;
  steps: MemberStep[];
}
