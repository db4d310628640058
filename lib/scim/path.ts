// PATCH paths (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:…:attr[.sub]`, `attr[filter]`, `attr[filter].sub`.
// The bracket part is parsed by the filter parser, so escapes, unquoted values and case rules match
// filters exactly; only the error kind differs (invalidPath).

import type { PatchPath } from "./filter/ast";
import { FilterParser } from "./filter/parse";

/** Parse a PATCH operation's `path`. Throws a 400 ScimError with scimType `invalidPath` when malformed. */
export function parsePatchPath(input: string): PatchPath {
  const parser = new FilterParser(input, "invalidPath");
  const path = parser.readAttrPath();
  if (parser.peek() !== "[") {
    parser.expectEnd("the end of the path");
    return path;
  }
  const filter = parser.readBracketFilter(path);
  let sub: string | undefined;
  if (parser.peek() === ".") {
    parser.pos++;
    sub = parser.readSubAttr();
  }
  parser.expectEnd(`the end of the path${sub === undefined ? ' or ".subAttribute"' : ""}`);
  return { ...(path.uri ? { uri: path.uri } : {}), attr: path.attr, filter, ...(sub !== undefined ? { sub } : {}) };
}
