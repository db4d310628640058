import { describe, it, expect } from "vitest";
import { managerIdFrom, normalizeUserInput, toScimUser, type UserDoc, type UserRow } from "@/lib/scim/user/resource";
import { roleFromUserType, userColumns } from "@/lib/services/scim/columns";
import { normalizeGroupInput, parseMemberList, toScimGroup, type GroupRow } from "@/lib/scim/group/resource";
import { ScimError } from "@/lib/scim/errors";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "@/lib/scim/schema";

const BASE = "https://app.example.com/scim/v2";
const CREATED = new Date("2026-01-02T03:04:05.000Z");
const UPDATED = new Date("2026-02-03T04:05:06.000Z");

function row(doc: UserDoc, over: Partial<UserRow> = {}): UserRow {
  return {
    id: "u-1",
    attributes: JSON.stringify(doc),
    active: userColumns(doc).active,
    createdAt: CREATED,
    updatedAt: UPDATED,
    version: 1,
    managerId: userColumns(doc).managerId,
    ...over,
  };
}

/** normalize → store → render, as the service does for a POST. */
function roundTrip(body: unknown, over: Partial<UserRow> = {}) {
  return toScimUser(row(normalizeUserInput(body), over), { baseUrl: BASE });
}

function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error("expected a ScimError");
}

// ---------------------------------------------------------------------------------------------------
// Request bodies, verbatim from the sources

/** entra-scim.md §1.3 "Create User" request. */
const ENTRA_CREATE = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
  userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
  active: true,
  emails: [{ primary: true, type: "work", value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com" }],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  roles: [],
};

/** entra-scim.md §1.3: the older "Example 2" with nulls and the misspelled enterprise URN. */
const ENTRA_LEGACY_CREATE = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
  externalId: "jyoung",
  userName: "jyoung@testuser.com",
  active: true,
  addresses: null,
  displayName: "Joy Young",
  emails: [{ type: "work", value: "jyoung@Contoso.com", primary: true }],
  meta: { resourceType: "User" },
  name: { familyName: "Young", givenName: "Joy" },
  phoneNumbers: null,
  preferredLanguage: null,
  title: null,
  department: null,
  manager: null,
};

/** Microsoft Postman collection, "User tests / Post EnterpriseUser". */
const POSTMAN_ENTERPRISE_USER = {
  userName: "UserName222",
  active: true,
  displayName: "lennay",
  schemas: ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:User"],
  externalId: "b0a9bd1c-6f2b-4d4b-9c8e-0d7f7c0b3a11",
  name: { formatted: "Adrew Ryan", familyName: "Ryan", givenName: "Andrew" },
  emails: [
    { Primary: true, type: "work", value: "testing@bob2.com" },
    { Primary: false, type: "home", value: "testinghome@bob3.com" },
  ],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { Department: "bob", Manager: { Value: "SuzzyQ" } },
};

/** Microsoft Postman collection, "User tests with garbage / Post user "OMalley"". */
const POSTMAN_OMALLEY = {
  userName: "OMalley",
  active: true,
  addresses: [
    {
      country: "Bermuda",
      formatted: "9132 Jennifer Way Suite 040\nSouth Nancy, MI 55645",
      locality: "West Mercedes",
      postalCode: "99265",
      region: "Montana",
      streetAddress: "4939 Hess Fork",
      type: "work",
      primary: false,
    },
    {
      country: null,
      formatted: "18522 Lisa Unions\nEast Gregory, CT 52311",
      locality: null,
      postalCode: null,
      region: null,
      streetAddress: null,
      type: "other",
      primary: false,
    },
  ],
  displayName: "Kimberly Baker",
  emails: [
    { type: "work", primary: true, value: "anna33@example.com" },
    { type: "other", primary: false, value: "anna33@gmail.com" },
  ],
  meta: {
    created: "2019-09-18T18:15:26.5788954+00:00",
    lastModified: "2019-09-18T18:15:26.5788976+00:00",
    resourceType: "User",
  },
  name: {
    formatted: "Daniel Mcgee",
    familyName: "OMalley",
    givenName: "Darl",
    honorificPrefix: null,
    honorificSuffix: null,
  },
  phoneNumbers: [
    { type: "fax", primary: false, value: "312-320-0500" },
    { type: "mobile", primary: false, value: "312-320-1707" },
    { type: "work", primary: true, value: "312-320-0932" },
  ],
  preferredLanguage: "xh",
  roles: [],
  title: "Site engineer",
  externalId: "22fbc523-6032-4c5f-939d-5d4850cf3e52",
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
};

/** Okta SPEC test "Create user" body (shared/conformance/okta-spec-test.json, product.md §4.2), with the
 * password Okta sends when "Sync password" is on. */
const OKTA_CREATE = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: "Runscope123Alice@atko.com",
  name: { givenName: "Alice", familyName: "Runscope" },
  emails: [{ primary: true, value: "Runscope123Alice@atko.com", type: "work" }],
  displayName: "Alice Runscope",
  active: true,
  password: "1mz050nq",
};

// ---------------------------------------------------------------------------------------------------

describe("normalizeUserInput + toScimUser: Entra", () => {
  it("round-trips the documented create request into the documented response shape", () => {
    const out = roundTrip(ENTRA_CREATE, { id: "48af03ac28ad4fb88478" });
    expect(out).toEqual({
      schemas: [USER_SCHEMA],
      id: "48af03ac28ad4fb88478",
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      active: true,
      emails: [{ primary: true, type: "work", value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com" }],
      meta: {
        resourceType: "User",
        created: "2026-01-02T03:04:05.000Z",
        lastModified: "2026-02-03T04:05:06.000Z",
        location: `${BASE}/Users/48af03ac28ad4fb88478`,
        version: 'W/"1"',
      },
    });
  });

  it("tolerates the legacy request: nulls dropped, misspelled URN ignored", () => {
    const doc = normalizeUserInput(ENTRA_LEGACY_CREATE);
    expect(doc).toEqual({
      externalId: "jyoung",
      userName: "jyoung@testuser.com",
      active: true,
      displayName: "Joy Young",
      emails: [{ type: "work", value: "jyoung@Contoso.com", primary: true }],
      name: { familyName: "Young", givenName: "Joy" },
    });
    expect(roundTrip(ENTRA_LEGACY_CREATE).schemas).toEqual([USER_SCHEMA]);
  });

  it("stores URN-qualified extension attributes under their extension", () => {
    const doc = normalizeUserInput({
      userName: "a",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "E42",
      "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department": "Retail",
      "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute": "x",
      "urn:ietf:params:scim:schemas:core:2.0:User:displayName": "Qualified",
    });
    expect(doc).toEqual({
      userName: "a",
      active: true,
      displayName: "Qualified",
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "E42", department: "Retail" },
      "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User": { CustomAttribute: "x" },
    });
    expect(toScimUser(row(doc), { baseUrl: BASE }).schemas).toEqual([
      USER_SCHEMA,
      ENTERPRISE_USER_SCHEMA,
      "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User",
    ]);
  });

  it("keeps unknown extension objects as sent, minus nulls", () => {
    const uri = "urn:example:params:scim:schemas:extension:acme:2.0:User";
    const doc = normalizeUserInput({ userName: "a", [uri]: { Badge: "7", Desk: null, Tags: ["x"] } });
    expect(doc[uri]).toEqual({ Badge: "7", Tags: ["x"] });
  });
});

describe("normalizeUserInput: Postman garbage", () => {
  it("canonicalises `Primary` in emails and the capitalised enterprise keys", () => {
    const doc = normalizeUserInput(POSTMAN_ENTERPRISE_USER);
    expect(doc.emails).toEqual([
      { primary: true, type: "work", value: "testing@bob2.com" },
      { primary: false, type: "home", value: "testinghome@bob3.com" },
    ]);
    expect(doc[ENTERPRISE_USER_SCHEMA]).toEqual({ department: "bob", manager: { value: "SuzzyQ" } });
    expect(userColumns(doc).managerId).toBe("SuzzyQ");
  });

  it("stores OMalley verbatim, without nulls or client meta, and active === true", () => {
    const doc = normalizeUserInput(POSTMAN_OMALLEY);
    expect(doc.meta).toBeUndefined();
    expect(doc.roles).toBeUndefined();
    expect(doc.addresses).toEqual([
      POSTMAN_OMALLEY.addresses[0],
      { formatted: "18522 Lisa Unions\nEast Gregory, CT 52311", type: "other", primary: false },
    ]);
    expect(doc.name).toEqual({ formatted: "Daniel Mcgee", familyName: "OMalley", givenName: "Darl" });
    expect(doc.phoneNumbers).toEqual(POSTMAN_OMALLEY.phoneNumbers); // no reformatting
    const out = roundTrip(POSTMAN_OMALLEY);
    expect(out.userName).toBe("OMalley");
    expect(out.active).toBe(true);
    expect((out.meta as { created: string }).created).toBe(CREATED.toISOString());
  });

  it('turns "active": "True" into a boolean', () => {
    const out = roundTrip({ ...POSTMAN_OMALLEY, userName: "emp1", active: "True" });
    expect(out.active).toBe(true);
  });

  it.each([
    ["True", true],
    ["true", true],
    ["FALSE", false],
    [false, false],
  ])("accepts active=%j", (active, expected) => {
    expect(normalizeUserInput({ userName: "a", active }).active).toBe(expected);
  });

  it("rejects active values that are not booleans", () => {
    const err = scimError(() => normalizeUserInput({ userName: "a", active: "yes" }));
    expect([err.status, err.scimType]).toEqual([400, "invalidValue"]);
  });

  it('accepts "primary": "True" strings in multi-valued attributes', () => {
    const role = { primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" };
    const doc = normalizeUserInput({ userName: "a", roles: [role] });
    expect(doc.roles).toEqual([{ primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" }]);
  });

  it("defaults active to true", () => {
    expect(normalizeUserInput({ userName: "a" }).active).toBe(true);
  });

  it("rejects a body without userName (Post no username / Put a user no username)", () => {
    const noUserName: Record<string, unknown> = { ...POSTMAN_OMALLEY };
    delete noUserName.userName;
    const err = scimError(() => normalizeUserInput(noUserName));
    expect(err.status).toBe(400);
    expect(err.scimType).toBe("invalidValue");
    expect(err.detail).toBe("userName is required");
    expect(scimError(() => normalizeUserInput({ userName: "  " })).scimType).toBe("invalidValue");
    expect(scimError(() => normalizeUserInput({ userName: 7 })).scimType).toBe("invalidValue");
  });

  it.each([[null], [[]], ["junk"], [42]])("rejects a non-object body %j with invalidSyntax", (body) => {
    const err = scimError(() => normalizeUserInput(body));
    expect([err.status, err.scimType]).toEqual([400, "invalidSyntax"]);
  });

  it("drops the misspelled `adreses` (Put a user misspelled attribute)", () => {
    const { addresses, ...rest } = POSTMAN_OMALLEY;
    const body = { id: "u-1", ...rest, active: false, adreses: addresses.map((a) => ({ ...a, country: "Germany" })) };
    const out = roundTrip(body, { active: false });
    const json = JSON.stringify(out);
    expect(json).not.toContain("Addresses");
    expect(json).not.toContain("adreses");
    expect(out.active).toBe(false);
  });

  it("never stores password, id, groups or client meta, and never returns password", () => {
    const doc = normalizeUserInput({ ...OKTA_CREATE, id: "client-id", groups: [{ value: "g" }], Password: "x" });
    expect(Object.keys(doc).sort()).toEqual(["active", "displayName", "emails", "name", "userName"]);
    // Even if a password slipped into stored attributes, it is not rendered.
    const out = toScimUser(row({ ...doc, password: "secret" }), { baseUrl: BASE });
    expect(JSON.stringify(out)).not.toContain("secret");
    expect(out.password).toBeUndefined();
  });

  it("rejects wrongly shaped complex attributes with a clear message", () => {
    expect(scimError(() => normalizeUserInput({ userName: "a", name: "Joy" })).detail).toBe("name must be an object");
    expect(scimError(() => normalizeUserInput({ userName: "a", emails: ["a@b.c"] })).detail).toBe(
      "emails must be an array of objects",
    );
  });
});

describe("normalizeUserInput: Okta", () => {
  it("round-trips the SPEC test create body and echoes userName, name and active", () => {
    const out = roundTrip(OKTA_CREATE);
    expect(out).toMatchObject({
      schemas: [USER_SCHEMA],
      userName: OKTA_CREATE.userName,
      name: OKTA_CREATE.name,
      emails: OKTA_CREATE.emails,
      displayName: "Alice Runscope",
      active: true,
    });
    expect(out.password).toBeUndefined();
  });
});

describe("manager", () => {
  it.each([
    ["a bare id", "m-1"],
    ["{value}", { value: "m-1" }],
    ["{Value}", { Value: "m-1" }],
    ["{value, $ref}", { value: "m-1", $ref: "https://x/Users/m-1" }],
    ["[{value, $ref}]", [{ $ref: "https://x/Users/m-1", value: "m-1" }]],
  ])("accepts %s and stores {value}", (_label, manager) => {
    const doc = normalizeUserInput({ userName: "a", [ENTERPRISE_USER_SCHEMA]: { manager } });
    expect(doc[ENTERPRISE_USER_SCHEMA]).toEqual({ manager: { value: "m-1" } });
  });

  it("treats an empty manager as none", () => {
    expect(managerIdFrom("")).toBeNull();
    expect(managerIdFrom({ value: "" })).toBeNull();
    expect(managerIdFrom(null)).toBeNull();
    expect(normalizeUserInput({ userName: "a", [ENTERPRISE_USER_SCHEMA]: { manager: "" } })).toEqual({
      userName: "a",
      active: true,
    });
  });

  it("renders manager under the enterprise key with $ref and displayName", () => {
    const doc = normalizeUserInput({ userName: "a", [ENTERPRISE_USER_SCHEMA]: { department: "R&D", manager: "m-1" } });
    const out = toScimUser(row(doc), { baseUrl: BASE, managerDisplayName: "Boss" });
    expect(out.schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({
      department: "R&D",
      manager: { value: "m-1", $ref: `${BASE}/Users/m-1`, displayName: "Boss" },
    });
    expect(out.manager).toBeUndefined();
  });

  it("omits manager when the row has no managerId (e.g. an unknown id like SuzzyQ)", () => {
    const doc = normalizeUserInput(POSTMAN_ENTERPRISE_USER);
    const out = toScimUser(row(doc, { managerId: null }), { baseUrl: BASE });
    expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({ department: "bob" });
  });

  it("adds the enterprise extension when only the row has a manager", () => {
    const out = toScimUser(row({ userName: "a" }, { managerId: "m-2" }), { baseUrl: BASE });
    expect(out.schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(out[ENTERPRISE_USER_SCHEMA]).toEqual({ manager: { value: "m-2", $ref: `${BASE}/Users/m-2` } });
  });
});

describe("toScimUser", () => {
  it("takes active and version from the row and renders groups when given", () => {
    const doc = normalizeUserInput({ userName: "a", active: true });
    const out = toScimUser(row(doc, { active: false, version: 7 }), {
      baseUrl: BASE,
      groups: [{ id: "g-1", displayName: "Sales" }],
    });
    expect(out.active).toBe(false);
    expect(out.groups).toEqual([{ value: "g-1", $ref: `${BASE}/Groups/g-1`, display: "Sales", type: "direct" }]);
    expect((out.meta as { version: string }).version).toBe('W/"7"');
    expect(Object.keys(out)[0]).toBe("schemas");
  });

  it("leaves groups out when not loaded, and survives unreadable stored JSON", () => {
    const out = toScimUser({ ...row({ userName: "a" }), attributes: "{not json" }, { baseUrl: BASE });
    expect(out.groups).toBeUndefined();
    expect(out.id).toBe("u-1");
  });
});

describe("userColumns", () => {
  it("derives the queryable columns", () => {
    const doc = normalizeUserInput({ ...POSTMAN_ENTERPRISE_USER, title: "VP", userType: "Admin" });
    expect(userColumns(doc)).toEqual({
      userName: "UserName222",
      userNameLower: "username222",
      externalId: POSTMAN_ENTERPRISE_USER.externalId,
      displayName: "lennay",
      givenName: "Andrew",
      familyName: "Ryan",
      active: true,
      title: "VP",
      userType: "Admin",
      email: "testing@bob2.com",
      emailLower: "testing@bob2.com",
      managerId: "SuzzyQ",
    });
  });

  it("picks the work email (any case), else the primary, else the first", () => {
    const email = (emails: unknown[]) => userColumns({ userName: "a", emails }).email;
    expect(
      email([
        { value: "home@x", type: "home", primary: true },
        { value: "Work@X", type: "Work" },
      ]),
    ).toBe("Work@X");
    expect(
      email([
        { value: "a@x", type: "home" },
        { value: "p@x", type: "other", primary: true },
      ]),
    ).toBe("p@x");
    expect(email([{ value: "first@x" }, { value: "second@x" }])).toBe("first@x");
    expect(userColumns({ userName: "a" }).email).toBeNull();
    expect(userColumns({ userName: "a", emails: [{ value: "Mixed@Case.COM", type: "work" }] }).emailLower).toBe(
      "mixed@case.com",
    );
  });

  it("takes the first work email when two are sent (Postman emp1)", () => {
    const emails = [
      { type: "work", primary: true, value: "anna33@gmail.com" },
      { type: "work", primary: false, value: "anna33@example.com" },
    ];
    const doc = normalizeUserInput({ ...POSTMAN_OMALLEY, userName: "emp1", emails });
    expect(userColumns(doc).email).toBe("anna33@gmail.com");
  });

  it("reads active false and nulls for missing attributes", () => {
    expect(userColumns({ userName: "A", active: false })).toMatchObject({
      userNameLower: "a",
      active: false,
      externalId: null,
      displayName: null,
      givenName: null,
      managerId: null,
    });
  });
});

describe("roleFromUserType", () => {
  it.each([
    ["admin", "admin"],
    ["Admin", "admin"],
    ["user", "member"],
    ["USER", "member"],
    ["member_lite", "member_lite"],
    ["Member_Lite", "member_lite"],
    ["Employee", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("%j → %j", (userType, role) => {
    expect(roleFromUserType(userType)).toBe(role);
  });
});

// ---------------------------------------------------------------------------------------------------
// Groups

const groupRow = (over: Partial<GroupRow> = {}): GroupRow => ({
  id: "g-1",
  displayName: "displayName",
  externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
  createdAt: CREATED,
  updatedAt: UPDATED,
  version: 2,
  ...over,
});

describe("groups", () => {
  it("accepts Entra's create request with the ADSCIM URN and returns members: []", () => {
    const input = normalizeGroupInput({
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
      ],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "displayName",
      meta: { resourceType: "Group" },
    });
    expect(input).toEqual({ displayName: "displayName", externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159" });
    expect(toScimGroup(groupRow(), { baseUrl: BASE, members: [] })).toEqual({
      schemas: [GROUP_SCHEMA],
      id: "g-1",
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "displayName",
      members: [],
      meta: {
        resourceType: "Group",
        created: CREATED.toISOString(),
        lastModified: UPDATED.toISOString(),
        location: `${BASE}/Groups/g-1`,
        version: 'W/"2"',
      },
    });
  });

  it("accepts Postman's filled group (members with display) and Value casing", () => {
    const input = normalizeGroupInput({
      schemas: [GROUP_SCHEMA],
      displayName: "GroupDisplayName2",
      members: [{ value: "u-3", display: "VP" }, { Value: "u-4", Display: "SenorVP" }, { value: "u-3" }],
    });
    expect(input).toEqual({
      displayName: "GroupDisplayName2",
      externalId: null,
      members: [
        { value: "u-3", display: "VP" },
        { value: "u-4", display: "SenorVP" },
      ],
    });
  });

  it("parses PATCH-style member values: bare strings and displayName", () => {
    expect(parseMemberList("string id 1")).toEqual([{ value: "string id 1" }]);
    expect(
      parseMemberList([
        { displayName: "new User", value: "u-4" },
        { $ref: null, value: "u-5" },
      ]),
    ).toEqual([{ value: "u-4", display: "new User" }, { value: "u-5" }]);
    expect(scimError(() => parseMemberList([{ display: "no value" }])).scimType).toBe("invalidValue");
  });

  it("requires displayName", () => {
    for (const body of [{}, { displayName: "" }, { displayName: 3 }]) {
      const err = scimError(() => normalizeGroupInput(body));
      expect([err.status, err.scimType]).toEqual([400, "invalidValue"]);
    }
    expect(scimError(() => normalizeGroupInput("junk")).scimType).toBe("invalidSyntax");
  });

  it("renders members with $ref and type, and leaves them out when not loaded", () => {
    const out = toScimGroup(groupRow({ externalId: null }), {
      baseUrl: BASE,
      members: [
        { value: "u-1", display: "Ann" },
        { value: "u-2", display: null },
      ],
    });
    expect(out.externalId).toBeUndefined();
    expect(out.members).toEqual([
      { value: "u-1", $ref: `${BASE}/Users/u-1`, display: "Ann", type: "User" },
      { value: "u-2", $ref: `${BASE}/Users/u-2`, type: "User" },
    ]);
    expect("members" in toScimGroup(groupRow(), { baseUrl: BASE })).toBe(false);
  });
});
