// SCIM PATCH (RFC 7644 §3.5.2) as Entra ID and Okta send it: pure functions, no database.
// - parsePatchRequest: validate the PatchOp body into operations
// - applyUserPatch: apply them to a User's JSON (returns a new object; atomic)
// - planGroupPatch: turn them into a Group plan whose membership steps the service runs as set operations
export { parsePatchRequest } from "./request";
export { applyUserPatch } from "./user";
export { planGroupPatch } from "./group";
export { netMemberChange, type NetMemberChange } from "./net-members";
export type { GroupMemberRef, GroupPatchPlan, MemberStep, PatchOpName, PatchOperation } from "./types";
