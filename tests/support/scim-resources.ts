// SCIM resources and assertions shared by the SCIM HTTP suites: create users and groups, check lists and errors.
import crypto from "node:crypto";
import { expect } from "vitest";
import { ENTERPRISE, USER, type client, type ScimResult } from "./scim-client";
import { uid } from "./workspace";

export type Api = ReturnType<typeof client>;

export const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

export const guid = () => crypto.randomUUID();

/** A SCIM error response: status code, Error schema, `status` as a string, a non-empty detail. */
export function expectScimError(res: ScimResult, status: number, scimType?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/scim+json");
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe("string");
  expect(res.body.detail.length).toBeGreaterThan(5);
  if (scimType === undefined) expect(res.body.scimType).toBeUndefined();
  else expect(res.body.scimType).toBe(scimType);
}

/** A ListResponse with exactly the given total and page. */
export function expectList(
  res: ScimResult,
  totalResults: number,
  itemsPerPage = Math.min(totalResults, 100),
  startIndex = 1,
) {
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/scim+json");
  expect(res.body.schemas).toEqual([LIST]);
  expect(res.body.totalResults).toBe(totalResults);
  expect(res.body.itemsPerPage).toBe(itemsPerPage);
  expect(res.body.startIndex).toBe(startIndex);
  expect(Array.isArray(res.body.Resources)).toBe(true);
  expect(res.body.Resources).toHaveLength(itemsPerPage);
}

export const q = (s: string) => encodeURIComponent(s);

/** A realistic user body (Okta/Entra fields); override anything. */
export function userBody(overrides: Record<string, unknown> = {}) {
  const n = crypto.randomBytes(4).toString("hex");
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: `user.${n}@example.com`,
    name: { givenName: `Given${n}`, familyName: `Family${n}` },
    emails: [{ primary: true, value: `user.${n}@example.com`, type: "work" }],
    displayName: `Given${n} Family${n}`,
    active: true,
    ...overrides,
  };
}

/** POSTs a user and asserts 201; returns the created resource. */
export async function createUser(api: Api, overrides: Record<string, unknown> = {}) {
  const res = await api.post("/Users", userBody(overrides));
  expect(res.status, res.text).toBe(201);
  return res.body as Record<string, unknown> & { id: string; userName: string };
}

/** POSTs a group and asserts 201; returns the created resource. */
export async function createGroup(api: Api, displayName: string, members: string[] = []) {
  const res = await api.post("/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName,
    ...(members.length ? { members: members.map((value) => ({ value })) } : {}),
  });
  expect(res.status, res.text).toBe(201);
  return res.body as Record<string, unknown> & { id: string; displayName: string };
}

/** The member ids of a group, sorted. */
export async function memberIds(api: Api, groupId: string): Promise<string[]> {
  const res = await api.get(`/Groups/${groupId}`);
  expect(res.status, res.text).toBe(200);
  return ((res.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
}

/** A full user create body with the enterprise extension, as the driver-level path suites send it. */
export function enterpriseUserBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId: uid("ext"),
    userName,
    active: true,
    displayName: `User ${userName}`,
    emails: [{ primary: true, type: "work", value: userName }],
    name: { formatted: "Ada Lovelace", familyName: "Lovelace", givenName: "Ada" },
    [ENTERPRISE]: { department: "R&D" },
    roles: [],
    ...extra,
  };
}
