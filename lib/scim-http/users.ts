// /Users and /Users/{id}: parse the request (pure protocol, lib/scim), call one service, answer.
import { parseFilter } from "@/lib/scim/filter/parse";
import { listResponse, parsePagination, parseSort, MAX_PAGE_SIZE } from "@/lib/scim/list";
import { etagOf, parseEtagList } from "@/lib/scim/etag";
import { parsePatchRequest } from "@/lib/scim/patch";
import { project, wantsAttribute } from "@/lib/scim/projection";
import { normalizeUserInput } from "@/lib/scim/user/resource";
import { assertVisibleUserName, assertVisibleUserNameInPatch } from "@/lib/scim/user/username";
import { assertIdUnchanged } from "@/lib/scim/put-id";
import { sentAttributes } from "@/lib/scim/user/sent-attributes";
import * as users from "@/lib/services/scim/users";
import type { MemberRow } from "@/lib/services/scim/rows";
import type { Resource } from "@/lib/services/scim/render";
import type { ScimRequest } from "./context";
import { readJsonBody } from "./body";
import { noContent, notModified, scimJson } from "./respond";

function projection(r: ScimRequest) {
  const attributes = r.url.searchParams.get("attributes");
  const excludedAttributes = r.url.searchParams.get("excludedAttributes");
  return { attributes, excludedAttributes, type: "User" as const };
}

/** What the services render: `groups` only when the answer will contain them. */
const view = (r: ScimRequest) => ({ groups: wantsAttribute("groups", projection(r)) });

/** The request body, noting which attribute names it carried (for the connection doctor). */
async function readUserBody(r: ScimRequest): Promise<unknown> {
  const body = await readJsonBody(r.req);
  r.touched.sentAttributes = JSON.stringify(sentAttributes(body));
  return body;
}

function touch(r: ScimRequest, row: Pick<MemberRow, "id" | "userName" | "externalId" | "displayName">) {
  Object.assign(r.touched, {
    resourceType: "User",
    resourceId: row.id,
    userName: row.userName,
    externalId: row.externalId,
    displayName: row.displayName,
  });
  if (r.scope.changes) r.touched.changes = JSON.stringify(r.scope.changes);
}

export async function listUsers(r: ScimRequest) {
  r.touched.resourceType = "User";
  const sp = r.url.searchParams;
  const filterText = sp.get("filter");
  const filter = filterText ? parseFilter(filterText) : undefined;
  const { startIndex, count } = parsePagination(sp, MAX_PAGE_SIZE);
  const { sortBy, sortOrder } = parseSort(sp);
  const { totalResults, rows, resources } = await users.listUsers(
    r.scope,
    { filter, startIndex, count, sortBy, sortOrder },
    view(r),
  );
  if (rows.length === 1) touch(r, rows[0]);
  const p = projection(r);
  return scimJson(
    listResponse(
      resources.map((u) => project(u, p)),
      { totalResults, startIndex },
    ),
  );
}

export async function createUser(r: ScimRequest) {
  r.touched.resourceType = "User";
  const doc = normalizeUserInput(await readUserBody(r));
  assertVisibleUserName(doc.userName);
  // (as sent: a refused create may carry a number or an object here, which the log does not keep)
  Object.assign(r.touched, {
    userName: typeof doc.userName === "string" ? doc.userName : null,
    externalId: typeof doc.externalId === "string" ? doc.externalId : null,
  });
  const { row, resource } = await users.createUser(r.scope, doc, view(r));
  touch(r, row);
  const location = `${r.scope.baseUrl}/Users/${row.id}`;
  return scimJson(project(resource, projection(r)), 201, { Location: location, ETag: etagOf(row.version) });
}

export async function getUser(r: ScimRequest, id: string) {
  r.touched.resourceType = "User";
  r.touched.resourceId = id;
  const { row, resource } = await users.getUser(
    r.scope,
    id,
    view(r),
    parseEtagList(r.req.headers.get("if-none-match")),
  );
  touch(r, row);
  if (!resource) return notModified(etagOf(row.version));
  return scimJson(project(resource, projection(r)), 200, { ETag: etagOf(row.version) });
}

const ifMatch = (r: ScimRequest) => parseEtagList(r.req.headers.get("if-match"));

export async function replaceUser(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "User", resourceId: id });
  const body = await readUserBody(r);
  assertIdUnchanged(body, id);
  const doc = normalizeUserInput(body);
  assertVisibleUserName(doc.userName);
  r.scope.request = { method: "PUT", path: r.url.pathname, body };
  const { row, resource } = await users.replaceUser(r.scope, id, doc, ifMatch(r), view(r));
  touch(r, row);
  return written(r, row, resource!);
}

export async function patchUser(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "User", resourceId: id });
  const body = await readUserBody(r);
  const ops = parsePatchRequest(body);
  assertVisibleUserNameInPatch(ops);
  r.scope.request = { method: "PATCH", path: r.url.pathname, body };
  const { row, resource } = await users.patchUser(r.scope, id, ops, ifMatch(r), view(r));
  touch(r, row);
  return written(r, row, resource!);
}

/** The answer to a PUT or PATCH: no ETag when the guardrail held the suspension, because the answer shows
 * the user as asked for (active: false), which no stored version looks like (lib/services/scim/users.ts). */
function written(r: ScimRequest, row: MemberRow, resource: Resource) {
  const body = project(resource, projection(r));
  return r.scope.held ? scimJson(body, 200) : scimJson(body, 200, { ETag: etagOf(row.version) });
}

export async function deleteUser(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "User", resourceId: id });
  r.scope.request = { method: "DELETE", path: r.url.pathname };
  // 204 also when the guardrail held the removal: Entra expects exactly that, and retries anything else.
  const row = await users.deleteUser(r.scope, id, ifMatch(r));
  touch(r, row);
  return noContent();
}
