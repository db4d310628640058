// /Users and /Users/{id}
import { parseFilter } from "@/lib/scim/filter/parse";
import { listResponse, parsePagination, parseSort, MAX_PAGE_SIZE } from "@/lib/scim/list";
import { etagMatches, etagOf, parseEtagList } from "@/lib/scim/etag";
import { parsePatchRequest } from "@/lib/scim/patch";
import { project, wantsAttribute } from "@/lib/scim/projection";
import { normalizeUserInput } from "@/lib/scim/user/resource";
import { assertVisibleUserName, assertVisibleUserNameInPatch } from "@/lib/scim/user/username";
import * as users from "@/lib/services/scim/users";
import type { ScimRequest } from "./context";
import { assertIdUnchanged } from "@/lib/scim/put-id";
import { sentAttributes } from "@/lib/scim/user/sent-attributes";
import { readJsonBody } from "./body";
import { noContent, notModified, scimJson } from "./respond";

function projection(r: ScimRequest) {
  const attributes = r.url.searchParams.get("attributes");
  const excludedAttributes = r.url.searchParams.get("excludedAttributes");
  return { attributes, excludedAttributes, type: "User" as const };
}

type UserRow = Awaited<ReturnType<typeof users.getUser>>;

/** The request body, noting which attribute names it carried (for the connection doctor). */
async function readUserBody(r: ScimRequest): Promise<unknown> {
  const body = await readJsonBody(r.req);
  r.touched.sentAttributes = JSON.stringify(sentAttributes(body));
  return body;
}

function touch(r: ScimRequest, row: { id: string; userName: string; externalId: string | null; displayName: string | null }) {
  Object.assign(r.touched, { resourceType: "User", resourceId: row.id, userName: row.userName, externalId: row.externalId, displayName: row.displayName });
  if (r.scope.changes) r.touched.changes = JSON.stringify(r.scope.changes);
}

async function render(r: ScimRequest, row: UserRow, opts: { created?: boolean } = {}) {
  const p = projection(r);
  const [resource] = await users.renderUsers(r.sql, r.scope, [row], { groups: wantsAttribute("groups", p), ...opts });
  return project(resource, p);
}

export async function listUsers(r: ScimRequest) {
  r.touched.resourceType = "User";
  const sp = r.url.searchParams;
  const filterText = sp.get("filter");
  const filter = filterText ? parseFilter(filterText) : undefined;
  const { startIndex, count } = parsePagination(sp, MAX_PAGE_SIZE);
  const { sortBy, sortOrder } = parseSort(sp);
  const { totalResults, rows } = await users.listUsers(r.sql, r.scope, { filter, startIndex, count, sortBy, sortOrder });
  const p = projection(r);
  const resources = (await users.renderUsers(r.sql, r.scope, rows, { groups: wantsAttribute("groups", p) })).map((u) => project(u, p));
  if (rows.length === 1) touch(r, rows[0]);
  return scimJson(listResponse(resources, { totalResults, startIndex }));
}

export async function createUser(r: ScimRequest) {
  r.touched.resourceType = "User";
  const doc = normalizeUserInput(await readUserBody(r));
  assertVisibleUserName(doc.userName);
  // (as sent: a refused create may carry a number or an object here, which the log does not keep)
  Object.assign(r.touched, { userName: typeof doc.userName === "string" ? doc.userName : null, externalId: typeof doc.externalId === "string" ? doc.externalId : null });
  const row = await users.createUser(r.sql, r.scope, doc);
  touch(r, row);
  const location = `${r.scope.baseUrl}/Users/${row.id}`;
  return scimJson(await render(r, row, { created: true }), 201, { Location: location, ETag: etagOf(row.version) });
}

export async function getUser(r: ScimRequest, id: string) {
  r.touched.resourceType = "User";
  r.touched.resourceId = id;
  const row = await users.getUser(r.sql, r.scope, id);
  touch(r, row);
  const unchanged = parseEtagList(r.req.headers.get("if-none-match"));
  if (unchanged && etagMatches(unchanged, row.version)) return notModified(etagOf(row.version));
  return scimJson(await render(r, row), 200, { ETag: etagOf(row.version) });
}

const ifMatch = (r: ScimRequest) => parseEtagList(r.req.headers.get("if-match"));

export async function replaceUser(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "User", resourceId: id });
  const body = await readUserBody(r);
  assertIdUnchanged(body, id);
  const doc = normalizeUserInput(body);
  assertVisibleUserName(doc.userName);
  r.scope.request = { method: "PUT", path: r.url.pathname, body };
  const row = await users.replaceUser(r.sql, r.scope, id, doc, ifMatch(r));
  touch(r, row);
  return written(r, row);
}

export async function patchUser(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "User", resourceId: id });
  const body = await readUserBody(r);
  const ops = parsePatchRequest(body);
  assertVisibleUserNameInPatch(ops);
  r.scope.request = { method: "PATCH", path: r.url.pathname, body };
  const row = await users.patchUser(r.sql, r.scope, id, ops, ifMatch(r));
  touch(r, row);
  return written(r, row);
}

/** The answer to a PUT or PATCH. When the guardrail held its suspension, the identity provider still gets
 * the success it expects, with the user as it asked for it (active: false) so a client that compares the
 * answer with its request (Okta reads PUT answers) sees nothing to retry; there is no ETag, because no
 * stored version looks like that. GET keeps telling the truth (still active) while the change is held. */
async function written(r: ScimRequest, row: UserRow) {
  if (r.scope.held) return scimJson(await render(r, { ...row, active: false }), 200);
  return scimJson(await render(r, row), 200, { ETag: etagOf(row.version) });
}

export async function deleteUser(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "User", resourceId: id });
  r.scope.request = { method: "DELETE", path: r.url.pathname };
  // 204 also when the guardrail held the removal: Entra expects exactly that, and retries anything else.
  const row = await users.deleteUser(r.sql, r.scope, id, ifMatch(r));
  touch(r, row);
  return noContent();
}
