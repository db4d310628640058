// Which handler serves a SCIM path and method. Routing is case-insensitive (Microsoft's own tests request
// `/users`); ids keep their case.
import type { ScimRequest } from "./context";
import * as users from "./users";
import * as groups from "./groups";
import * as discovery from "./discovery";

export type Handler = (r: ScimRequest, id: string) => Promise<Response>;
type Routes = Partial<Record<string, Handler>>;

const COLLECTIONS: Record<string, { list: Routes; item: Routes }> = {
  users: {
    list: { GET: users.listUsers, POST: users.createUser },
    item: { GET: users.getUser, PUT: users.replaceUser, PATCH: users.patchUser, DELETE: users.deleteUser },
  },
  groups: {
    list: { GET: groups.listGroups, POST: groups.createGroup },
    item: { GET: groups.getGroup, PUT: groups.replaceGroup, PATCH: groups.patchGroup, DELETE: groups.deleteGroup },
  },
};

// Discovery documents are the same for every workspace and need no token (RFC 7644 §4).
const DISCOVERY: Record<string, { list: Handler; item?: Handler }> = {
  serviceproviderconfig: { list: discovery.serviceProviderConfig },
  serviceconfiguration: { list: discovery.serviceProviderConfig }, // alias used by Microsoft's Postman collection
  resourcetypes: { list: discovery.resourceTypes, item: discovery.resourceType },
  schemas: { list: discovery.schemas, item: discovery.schema },
};

/** A request path, resolved. `known`: the collection exists and the path has no extra segments, so a
 * missing `handler` means the method is not allowed (405) rather than an unknown path (404). */
export interface Route {
  /** the collection, lower-cased (`users`, `bulk`, …) */
  key: string;
  id: string | undefined;
  segments: string[];
  discovery: boolean;
  known: boolean;
  handler?: Handler;
}

/** Resolves decoded path segments (after /scim/v2) and a method to a route. */
export function route(segments: string[], method: string): Route {
  const [collection = "", id, ...rest] = segments;
  const key = collection.toLowerCase();
  const disc = DISCOVERY[key];
  if (disc) {
    const handler =
      method !== "GET" ? undefined : id === undefined ? disc.list : rest.length === 0 ? disc.item : undefined;
    return { key, id, segments, discovery: true, known: method !== "GET" || handler !== undefined, handler };
  }
  const routes = COLLECTIONS[key];
  const known = !!routes && rest.length === 0;
  const handler = !known ? undefined : id === undefined ? routes.list[method] : routes.item[method];
  return { key, id, segments, discovery: false, known, handler };
}

/** The segments of a path after /scim/v2, percent-decoded, empty ones dropped. */
export function pathSegments(raw: string[]): string[] {
  return raw.filter((s) => s !== "").map(decodeSegment);
}

/** Percent-decodes one path segment. A malformed escape (`/Users/100%`, `%E0%A4%A`) is kept as sent, so it
 * becomes an unknown id (404) instead of an exception that escapes the handler; so is one that decodes to
 * U+0000 (`/Users/%00`), which PostgreSQL cannot even compare. */
function decodeSegment(segment: string): string {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.includes("\u0000") ? segment : decoded;
  } catch {
    return segment;
  }
}
