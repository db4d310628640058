// /ServiceProviderConfig, /ResourceTypes[/{id}], /Schemas[/{id}] — static documents.
import * as docs from "@/lib/scim/discovery/documents";
import { ScimError } from "@/lib/scim/errors";
import type { ScimRequest } from "./context";
import { scimJson } from "./respond";

export async function serviceProviderConfig(r: ScimRequest) {
  return scimJson(docs.serviceProviderConfig(r.scope.baseUrl));
}

export async function resourceTypes(r: ScimRequest) {
  return scimJson(docs.resourceTypes(r.scope.baseUrl));
}

export async function resourceType(r: ScimRequest, id: string) {
  const doc = docs.resourceTypeById(id, r.scope.baseUrl);
  if (!doc) throw new ScimError(404, `No resource type "${id}" (known: User, Group)`);
  return scimJson(doc);
}

export async function schemas(r: ScimRequest) {
  return scimJson(docs.schemas(r.scope.baseUrl));
}

export async function schema(r: ScimRequest, id: string) {
  const doc = docs.schemaById(id, r.scope.baseUrl);
  if (!doc) throw new ScimError(404, `No schema "${id}"`);
  return scimJson(doc);
}
