// ETags (RFC 7644 §3.14): a resource's `meta.version` is the weak validator W/"<version>" of its row. Clients
// send it back in If-Match (PUT, PATCH, DELETE: apply only to that version) and If-None-Match (GET: 304 when
// unchanged). SCIM validators are weak, so tags compare by their opaque part (RFC 7232 §2.3.2 weak
// comparison); `*` matches any existing resource.
import { ScimError } from "./errors";

export const etagOf = (version: number) => `W/"${version}"`;

/** The versions an If-Match / If-None-Match header names: "any" for `*`, else the numbers of the tags
 * (a tag that is not one of ours can never match, so it is simply left out); null without a header. */
export function parseEtagList(header: string | null): "any" | number[] | null {
  if (header === null) return null;
  const text = header.trim();
  if (text === "*") return "any";
  const versions: number[] = [];
  for (const m of text.matchAll(/(?:W\/)?"([^"]*)"/g)) {
    if (/^[1-9]\d{0,15}$/.test(m[1])) versions.push(Number(m[1]));
  }
  return versions;
}

export function etagMatches(list: "any" | number[], version: number): boolean {
  return list === "any" || list.includes(version);
}

/** The precondition a write carries: null (none), or the versions it may apply to. */
export type Precondition = "any" | number[] | null;

/** Throws 412 when the resource's current version is not one the client named in If-Match. */
export function assertPrecondition(pre: Precondition, version: number, what: string) {
  if (pre !== null && !etagMatches(pre, version)) {
    throw new ScimError(
      412,
      `${what} has changed (its version is now ${etagOf(version)}); read it again and retry with the new ETag`,
    );
  }
}
