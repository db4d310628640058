// Server-owned attributes in a PATCH (RFC 7644 §3.5.2: a client MUST NOT modify a readOnly or immutable
// attribute; the answer is 400 `mutability`). An operation whose path names `id` or `meta` is refused.
// Inside a path-less value object they are skipped instead: there clients echo the resource they read
// (Okta's group rename sends `{"op":"replace","value":{"id":…,"displayName":…}}`).
import { badRequest } from "../errors";
import type { PatchPath } from "../filter/ast";
import { sameText } from "./values";

const SERVER_OWNED = ["id", "meta"];

export function isServerOwned(attr: string): boolean {
  return SERVER_OWNED.some((name) => sameText(name, attr));
}

/** Throws 400 mutability for an operation whose path targets `id` or `meta` (or a part of meta). */
export function refuseServerOwnedPath(path: PatchPath) {
  if (isServerOwned(path.attr)) throw badRequest("mutability", `${path.attr} is read-only and cannot be changed`);
}
