// /Groups and /Groups/{id}: parse the request (pure protocol, lib/scim), call one service, answer.
// `members` is rendered only when the response will contain it (lib/services/scim/render.ts).
import { parseFilter } from "@/lib/scim/filter/parse";
import { normalizeGroupInput } from "@/lib/scim/group/resource";
import { listResponse, parsePagination, parseSort, MAX_PAGE_SIZE } from "@/lib/scim/list";
import { etagOf, parseEtagList } from "@/lib/scim/etag";
import { parsePatchRequest, planGroupPatch } from "@/lib/scim/patch";
import { project, wantsAttribute } from "@/lib/scim/projection";
import { assertIdUnchanged } from "@/lib/scim/put-id";
import * as groups from "@/lib/services/scim/groups";
import type { GroupRow } from "@/lib/services/scim/rows";
import type { ScimRequest } from "./context";
import { readJsonBody } from "./body";
import { noContent, notModified, scimJson } from "./respond";

function projection(r: ScimRequest) {
  return {
    attributes: r.url.searchParams.get("attributes"),
    excludedAttributes: r.url.searchParams.get("excludedAttributes"),
    type: "Group" as const,
  };
}

const view = (r: ScimRequest) => ({ members: wantsAttribute("members", projection(r)) });

function touch(r: ScimRequest, row: GroupRow) {
  Object.assign(r.touched, {
    resourceType: "Group",
    resourceId: row.id,
    displayName: row.displayName,
    externalId: row.externalId,
  });
}

export async function listGroups(r: ScimRequest) {
  r.touched.resourceType = "Group";
  const sp = r.url.searchParams;
  const filterText = sp.get("filter");
  const filter = filterText ? parseFilter(filterText) : undefined;
  const { startIndex, count } = parsePagination(sp, MAX_PAGE_SIZE);
  const { sortBy, sortOrder } = parseSort(sp);
  const { totalResults, rows, resources } = await groups.listGroups(
    r.scope,
    { filter, startIndex, count, sortBy, sortOrder },
    view(r),
  );
  if (rows.length === 1) touch(r, rows[0]);
  const p = projection(r);
  return scimJson(
    listResponse(
      resources.map((g) => project(g, p)),
      { totalResults, startIndex },
    ),
  );
}

export async function createGroup(r: ScimRequest) {
  r.touched.resourceType = "Group";
  const input = normalizeGroupInput(await readJsonBody(r.req));
  Object.assign(r.touched, { displayName: input.displayName, externalId: input.externalId });
  const { row, resource } = await groups.createGroup(r.scope, input, view(r));
  touch(r, row);
  return scimJson(project(resource, projection(r)), 201, {
    Location: `${r.scope.baseUrl}/Groups/${row.id}`,
    ETag: etagOf(row.version),
  });
}

export async function getGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const { row, resource } = await groups.getGroup(
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

export async function replaceGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const body = await readJsonBody(r.req);
  assertIdUnchanged(body, id);
  const input = normalizeGroupInput(body);
  const { row, resource } = await groups.replaceGroup(r.scope, id, input, ifMatch(r), view(r));
  touch(r, row);
  return scimJson(project(resource, projection(r)), 200, { ETag: etagOf(row.version) });
}

/** 204 No Content, as Entra recommends: echoing a large member list back is wasted work. The new ETag
 * still comes in the header. */
export async function patchGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const plan = planGroupPatch(parsePatchRequest(await readJsonBody(r.req)));
  const row = await groups.patchGroup(r.scope, id, plan, ifMatch(r));
  touch(r, row);
  return new Response(null, { status: 204, headers: { ETag: etagOf(row.version) } });
}

export async function deleteGroup(r: ScimRequest, id: string) {
  Object.assign(r.touched, { resourceType: "Group", resourceId: id });
  const row = await groups.deleteGroup(r.scope, id, ifMatch(r));
  touch(r, row);
  return noContent();
}
