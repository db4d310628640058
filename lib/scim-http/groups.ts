// /Groups and /Groups/{id}. `members` is loaded only when the response will contain it, so
// `excludedAttributes=members` costs the same for a group of 100 000 members as for an empty one.
import { parseFilter } from "@/lib/scim/filter/parse";
import { normalizeGroupInput, toScimGroup } from "@/lib/scim/group/resource";
import { listResponse, parsePagination, parseSort, MAX_PAGE_SIZE } from "@/lib/scim/list";
import { etagMatches, etagOf, parseEtagList } from "@/lib/scim/etag";
import { parsePatchRequest, planGroupPatch } from "@/lib/scim/patch";
import { project, wantsAttribute } from "@/lib/scim/projection";
import * as groups from "@/lib/services/scim/groups";
import type { ScimRequest } from "./context";
import { assertIdUnchanged } from "@/lib/scim/put-id";
import { readJsonBody } from "./body";
import { noContent, notModified, scimJson } from "./respond";

type GroupRow = Awaited<ReturnType<typeof groups.getGroup>>;

function projection(r: ScimRequest) {
  return {
    attributes: r.url.searchParams.get("attributes"),
    excludedAttributes: r.url.searchParams.get("excludedAttributes"),
    type: "Group" as const,
  };
}

function touch(r: ScimRequest, row: GroupRow) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: row.id, displayName: row.displayName, externalId: row.externalId });
}

async function render(r: ScimRequest, rows: GroupRow[]) {
  const p = projection(r);
  const members = wantsAttribute("members", p) && rows.length ? await groups.membersOf(r.sql, r.scope, rows.map((g) => g.id)) : undefined;
  return rows.map((g) => project(toScimGroup(g, { baseUrl: r.scope.baseUrl, members: members?.get(g.id) }), p));
}

export async function listGroups(r: ScimRequest) {
  r.touched.resourceType = "Group";
  const sp = r.url.searchParams;
  const filterText = sp.get("filter");
  const filter = filterText ? parseFilter(filterText) : undefined;
  const { startIndex, count } = parsePagination(sp, MAX_PAGE_SIZE);
  const { sortBy, sortOrder } = parseSort(sp);
  const { totalResults, rows } = await groups.listGroups(r.sql, r.scope, { filter, startIndex, count, sortBy, sortOrder });
  if (rows.length === 1) touch(r, rows[0]);
  return scimJson(listResponse(await render(r, rows), { totalResults, startIndex }));
}

export async function createGroup(r: ScimRequest) {
  r.touched.resourceType = "Group";
  const input = normalizeGroupInput(await readJsonBody(r.req));
  Object.assign(r.touched, { displayName: input.displayName, externalId: input.externalId });
  const row = await groups.createGroup(r.sql, r.scope, input);
  touch(r, row);
  const [body] = await render(r, [row]);
  return scimJson(body, 201, { Location: `${r.scope.baseUrl}/Groups/${row.id}`, ETag: etagOf(row.version) });
}

export async function getGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const row = await groups.getGroup(r.sql, r.scope, id);
  touch(r, row);
  const unchanged = parseEtagList(r.req.headers.get("if-none-match"));
  if (unchanged && etagMatches(unchanged, row.version)) return notModified(etagOf(row.version));
  const [body] = await render(r, [row]);
  return scimJson(body, 200, { ETag: etagOf(row.version) });
}

const ifMatch = (r: ScimRequest) => parseEtagList(r.req.headers.get("if-match"));

export async function replaceGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const body = await readJsonBody(r.req);
  assertIdUnchanged(body, id);
  const input = normalizeGroupInput(body);
  const row = await groups.replaceGroup(r.sql, r.scope, id, input, ifMatch(r));
  touch(r, row);
  const [resource] = await render(r, [row]);
  return scimJson(resource, 200, { ETag: etagOf(row.version) });
}

/** 204 No Content, as Entra recommends: echoing a large member list back is wasted work. The new ETag
 * still comes in the header. */
export async function patchGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const plan = planGroupPatch(parsePatchRequest(await readJsonBody(r.req)));
  const row = await groups.patchGroup(r.sql, r.scope, id, plan, ifMatch(r));
  touch(r, row);
  return new Response(null, { status: 204, headers: { ETag: etagOf(row.version) } });
}

export async function deleteGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const row = await groups.deleteGroup(r.sql, r.scope, id, ifMatch(r));
  touch(r, row);
  return noContent();
}
