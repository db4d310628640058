import { describe, it, expect } from "vitest";
import { parseAttributeList, project, wantsAttribute } from "@/lib/scim/projection";
import { listResponse, MAX_PAGE_SIZE, parsePagination, parseSort } from "@/lib/scim/list";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA } from "@/lib/scim/schema";

const META = {
  resourceType: "User",
  created: "2026-01-02T03:04:05.000Z",
  lastModified: "2026-01-02T03:04:05.000Z",
  location: "https://x/scim/v2/Users/u-1",
  version: 'W/"1"',
};

const USER = {
  schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
  id: "u-1",
  externalId: "ext-1",
  userName: "ryan@example.com",
  name: { formatted: "Ryan Leenay", familyName: "Leenay", givenName: "Ryan" },
  emails: [
    { primary: true, type: "work", value: "emailName357" },
    { primary: false, type: "home", value: "testinghome@bob.com" },
  ],
  active: true,
  [ENTERPRISE_USER_SCHEMA]: {
    department: "R&D",
    employeeNumber: "42",
    manager: { value: "m-1", $ref: "https://x/Users/m-1" },
  },
  groups: [{ value: "g-1", $ref: "https://x/Groups/g-1", display: "Sales", type: "direct" }],
  meta: META,
};

const GROUP = {
  schemas: [GROUP_SCHEMA],
  id: "g-1",
  displayName: "Sales",
  members: [{ value: "u-1", $ref: "https://x/Users/u-1", display: "Ryan", type: "User" }],
  meta: { ...META, resourceType: "Group" },
};

const always = { schemas: USER.schemas, id: "u-1", meta: { resourceType: "User" } };

describe("parseAttributeList", () => {
  it("splits, trims and parses dotted and URN-qualified references", () => {
    const param = ` userName , name.givenName,${ENTERPRISE_USER_SCHEMA}:manager.value`;
    expect(parseAttributeList(param)).toEqual([
      { attr: "userName" },
      { attr: "name", sub: "givenName" },
      { uri: ENTERPRISE_USER_SCHEMA, attr: "manager", sub: "value" },
    ]);
  });

  it("treats a whole extension URN as one top-level attribute, matched case-insensitively", () => {
    expect(parseAttributeList(ENTERPRISE_USER_SCHEMA.toUpperCase())).toEqual([{ attr: ENTERPRISE_USER_SCHEMA }]);
  });

  it("drops the core URN prefix", () => {
    expect(parseAttributeList("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName")).toEqual([
      { attr: "name", sub: "familyName" },
    ]);
  });

  it("keeps the whole attribute for Postman's bracket forms, even with commas in the filter", () => {
    expect(parseAttributeList('emails[type eq "work"]')).toEqual([{ attr: "emails" }]);
    expect(parseAttributeList('emails[value eq "a,b"],userName')).toEqual([{ attr: "emails" }, { attr: "userName" }]);
  });

  it("returns [] for missing or empty parameters", () => {
    expect(parseAttributeList(null)).toEqual([]);
    expect(parseAttributeList(" , ")).toEqual([]);
  });
});

describe("project: attributes", () => {
  const pick = (attributes: string, resource: Record<string, unknown> = USER) =>
    project(resource, { attributes, type: resource === GROUP ? "Group" : "User" });

  it("keeps only the requested attributes plus id, schemas and meta.resourceType", () => {
    expect(pick("userName,emails")).toEqual({ ...always, userName: USER.userName, emails: USER.emails });
  });

  it("matches names case-insensitively (Postman's odd casing)", () => {
    expect(pick("USERNAME")).toEqual({ ...always, userName: USER.userName });
  });

  it("selects sub-attributes of complex and multi-valued attributes", () => {
    expect(pick("name.givenName,emails.value")).toEqual({
      ...always,
      name: { givenName: "Ryan" },
      emails: [{ value: "emailName357" }, { value: "testinghome@bob.com" }],
    });
  });

  it("selects extension attributes via their URN", () => {
    expect(pick(`${ENTERPRISE_USER_SCHEMA}:department,${ENTERPRISE_USER_SCHEMA}:manager.value`)).toEqual({
      ...always,
      [ENTERPRISE_USER_SCHEMA]: { department: "R&D", manager: { value: "m-1" } },
    });
    expect(pick(ENTERPRISE_USER_SCHEMA)).toEqual({ ...always, [ENTERPRISE_USER_SCHEMA]: USER[ENTERPRISE_USER_SCHEMA] });
  });

  it('returns the whole attribute for emails[type eq "work"] (ComplexAttribute tests)', () => {
    const out = pick('emails[type eq "work"]');
    expect(out.emails).toEqual(USER.emails);
    expect(JSON.stringify(out)).toContain("emailName357");
  });

  it("keeps requested meta sub-attributes next to resourceType", () => {
    expect(pick("meta.created").meta).toEqual({ resourceType: "User", created: META.created });
  });

  it("does not modify its input", () => {
    const copy = structuredClone(USER);
    pick("userName");
    project(USER, { excludedAttributes: "emails", type: "User" });
    expect(USER).toEqual(copy);
  });
});

describe("project: excludedAttributes", () => {
  it("removes members from a group but keeps the rest", () => {
    expect(project(GROUP, { excludedAttributes: "members", type: "Group" })).toEqual({
      schemas: GROUP.schemas,
      id: "g-1",
      displayName: "Sales",
      meta: GROUP.meta,
    });
  });

  it("removes sub-attributes and extension attributes", () => {
    const excludedAttributes = `name.formatted,emails.primary,${ENTERPRISE_USER_SCHEMA}:manager`;
    const out = project(USER, { excludedAttributes, type: "User" });
    expect(out.name).toEqual({ familyName: "Leenay", givenName: "Ryan" });
    expect(out.emails).toEqual([
      { type: "work", value: "emailName357" },
      { type: "home", value: "testinghome@bob.com" },
    ]);
    expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({ department: "R&D", employeeNumber: "42" });
  });

  it("never removes id, schemas or meta.resourceType", () => {
    const out = project(USER, { excludedAttributes: "id,SCHEMAS,meta,groups", type: "User" });
    expect(out.id).toBe("u-1");
    expect(out.schemas).toEqual(USER.schemas);
    expect(out.meta).toEqual({ resourceType: "User" });
    expect(out.groups).toBeUndefined();
  });

  it("lets attributes win over excludedAttributes", () => {
    const out = project(USER, { attributes: "userName", excludedAttributes: "userName", type: "User" });
    expect(out.userName).toBe(USER.userName);
  });

  it("returns the resource unchanged without parameters", () => {
    expect(project(USER, { attributes: null, excludedAttributes: "", type: "User" })).toBe(USER);
  });

  it("accepts pre-parsed references", () => {
    const out = project(GROUP, { excludedAttributes: [{ attr: "Members" }], type: "Group" });
    expect(out.members).toBeUndefined();
  });
});

describe("wantsAttribute", () => {
  it("says whether members / groups need loading", () => {
    expect(wantsAttribute("members", {})).toBe(true);
    expect(wantsAttribute("members", { excludedAttributes: "members" })).toBe(false);
    expect(wantsAttribute("members", { excludedAttributes: "MEMBERS,externalId" })).toBe(false);
    expect(wantsAttribute("members", { excludedAttributes: "members.display" })).toBe(true);
    expect(wantsAttribute("members", { attributes: "displayName" })).toBe(false);
    expect(wantsAttribute("members", { attributes: "members.value" })).toBe(true);
    expect(wantsAttribute("groups", { attributes: "userName,groups" })).toBe(true);
    expect(wantsAttribute("id", { attributes: "userName" })).toBe(true);
    expect(wantsAttribute(ENTERPRISE_USER_SCHEMA, { attributes: `${ENTERPRISE_USER_SCHEMA}:manager` })).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// list.ts

const params = (query: string) => new URLSearchParams(query);

describe("parsePagination", () => {
  it("defaults to startIndex 1 and the default page size", () => {
    expect(parsePagination(params(""))).toEqual({ startIndex: 1, count: 100 });
    expect(MAX_PAGE_SIZE).toBe(200);
  });

  it("passes through valid values (Postman Paginate, Okta)", () => {
    expect(parsePagination(params("startIndex=1&count=2"))).toEqual({ startIndex: 1, count: 2 });
    expect(parsePagination(params("count=100&startIndex=101"))).toEqual({ startIndex: 101, count: 100 });
  });

  it("clamps out-of-range and unparsable values", () => {
    expect(parsePagination(params("startIndex=0&count=-5"))).toEqual({ startIndex: 1, count: 0 });
    expect(parsePagination(params("startIndex=-3&count=5000"))).toEqual({ startIndex: 1, count: 200 });
    expect(parsePagination(params("startIndex=abc&count=xyz"))).toEqual({ startIndex: 1, count: 100 });
    expect(parsePagination(params("count=50"), 20)).toEqual({ startIndex: 1, count: 20 });
    expect(parsePagination(params("count=0"))).toEqual({ startIndex: 1, count: 0 });
  });

  it("reads parameter names case-insensitively", () => {
    expect(parsePagination(params("StartIndex=3&Count=4"))).toEqual({ startIndex: 3, count: 4 });
  });
});

describe("parseSort", () => {
  it("parses sortBy paths and sortOrder", () => {
    expect(parseSort(params(""))).toEqual({ sortOrder: "ascending" });
    expect(parseSort(params("sortBy=name.familyName&sortOrder=Descending"))).toEqual({
      sortBy: { attr: "name", sub: "familyName" },
      sortOrder: "descending",
    });
    expect(parseSort(params(`sortBy=${ENTERPRISE_USER_SCHEMA}:department&sortOrder=sideways`))).toEqual({
      sortBy: { uri: ENTERPRISE_USER_SCHEMA, attr: "department" },
      sortOrder: "ascending",
    });
  });
});

describe("listResponse", () => {
  it("always carries Resources, with itemsPerPage = the page's size", () => {
    expect(listResponse([], { totalResults: 0, startIndex: 1 })).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    expect(listResponse([{ id: "a" }, { id: "b" }], { totalResults: 5, startIndex: 1 })).toMatchObject({
      totalResults: 5,
      itemsPerPage: 2,
      Resources: [{ id: "a" }, { id: "b" }],
    });
  });
});
