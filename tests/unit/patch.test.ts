// PATCH engine tests. Request bodies marked "verbatim" are copied from /work/shared/docs/entra-scim.md
// (Microsoft docs, the SCIM Validator reports and Microsoft's Postman collection).
import { describe, expect, it } from "vitest";
import { ScimError, type ScimType } from "@/lib/scim/errors";
import { applyUserPatch, parsePatchRequest, planGroupPatch, type PatchOperation } from "@/lib/scim/patch";
import { ENTERPRISE_USER_SCHEMA, PATCH_OP_SCHEMA } from "@/lib/scim/schema";

const ENT = ENTERPRISE_USER_SCHEMA;
const CUSTOM = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";

type Json = Record<string, unknown>;

const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations });
const patchUser = (user: Json, request: unknown) => applyUserPatch(user, parsePatchRequest(request));
const planGroup = (request: unknown) => planGroupPatch(parsePatchRequest(request));

/** The user Entra's "Create User" example leaves behind. */
function entraUser(): Json {
  return {
    userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    active: true,
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    emails: [{ value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", type: "work", primary: true }],
  };
}

function expectScimError(fn: () => unknown, scimType: ScimType) {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ScimError);
  expect((caught as ScimError).status).toBe(400);
  expect((caught as ScimError).scimType).toBe(scimType);
}

describe("parsePatchRequest", () => {
  it("parses Entra's capitalised ops and keeps the raw path", () => {
    const ops = parsePatchRequest(
      body(
        { op: "Replace", path: 'emails[type eq "work"].value', value: "a@b.c" },
        { op: "Add", path: "nickName", value: "Babs" },
        { op: "Remove", path: "title" },
        { op: "REPLACE", path: "displayName", value: "x" },
      ),
    );
    expect(ops.map((o) => o.op)).toEqual(["replace", "add", "remove", "replace"]);
    expect(ops[0].rawPath).toBe('emails[type eq "work"].value');
    expect(ops[0].path).toMatchObject({ attr: "emails", sub: "value" });
    expect(ops[0].path?.filter).toBeDefined();
    expect(ops[2]).not.toHaveProperty("value");
  });

  it("tolerates a missing schemas array, any-case Operations key and extra keys", () => {
    const ops = parsePatchRequest({
      id: "group-id",
      operations: [{ name: "addMember", Op: "add", Path: "members", Value: [{ value: "u1" }] }],
    });
    expect(ops).toEqual([{ op: "add", path: { attr: "members" }, rawPath: "members", value: [{ value: "u1" }] }]);
  });

  it("accepts an empty Operations array as a no-op (the validator sends one)", () => {
    const user = entraUser();
    const ops = parsePatchRequest(body());
    expect(ops).toEqual([]);
    const result = applyUserPatch(user, ops);
    expect(result).toEqual(user);
    expect(result).not.toBe(user);
    expect(planGroupPatch(ops)).toEqual({ steps: [] });
  });

  it("treats a null or blank path as no path", () => {
    expect(parsePatchRequest(body({ op: "replace", path: null, value: { title: "x" } }))[0]).toEqual({
      op: "replace",
      value: { title: "x" },
    });
    expect(parsePatchRequest(body({ op: "replace", path: " ", value: { title: "x" } }))[0].path).toBeUndefined();
  });

  it.each([
    ["null body", null],
    ["array body", []],
    ["string body", "Operations"],
    ["missing Operations", { schemas: [PATCH_OP_SCHEMA] }],
    ["Operations not an array", { Operations: { op: "add" } }],
    ["operation not an object", body("replace")],
    ["unknown op", body({ op: "move", path: "title", value: "x" })],
    ["missing op", body({ path: "title", value: "x" })],
    ["non-string path", body({ op: "replace", path: 7, value: "x" })],
  ])("rejects %s with invalidSyntax", (_name, request) => {
    expectScimError(() => parsePatchRequest(request), "invalidSyntax");
  });

  it("rejects a remove without path (noTarget), add/replace without value, and malformed paths", () => {
    expectScimError(() => parsePatchRequest(body({ op: "Remove" })), "noTarget");
    expectScimError(() => parsePatchRequest(body({ op: "add", path: "title" })), "invalidValue");
    expectScimError(() => parsePatchRequest(body({ op: "replace", path: 'emails[type eq "work"' })), "invalidPath");
  });
});

describe("applyUserPatch: Entra default job (no flag), entra-scim.md §1.5", () => {
  it("Update User [Multi-valued properties] (verbatim)", () => {
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
      ],
    });
    expect(result.emails).toEqual([{ value: "updatedEmail@microsoft.com", type: "work", primary: true }]);
    expect(result.name).toEqual({
      formatted: "givenName familyName",
      familyName: "updatedFamilyName",
      givenName: "givenName",
    });
  });

  it("Update User [Single-valued properties] (verbatim)", () => {
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" }],
    });
    expect(result.userName).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
  });

  it("replaces multiple attributes one op each, externalId included (verbatim)", () => {
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: "displayName", value: "Pvlo" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "TestBcwqnm@test.microsoft.com" },
        { op: "Replace", path: "name.givenName", value: "Gtfd" },
        { op: "Replace", path: "name.familyName", value: "Pkqf" },
        { op: "Replace", path: "externalId", value: "Eqpj" },
        {
          op: "Replace",
          path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
          value: "Eqpj",
        },
      ],
    });
    expect(result).toMatchObject({
      displayName: "Pvlo",
      externalId: "Eqpj",
      name: { givenName: "Gtfd", familyName: "Pkqf" },
      emails: [{ value: "TestBcwqnm@test.microsoft.com", type: "work", primary: true }],
      [ENT]: { employeeNumber: "Eqpj" },
    });
  });

  it("adds a previously-empty single-valued attribute (verbatim)", () => {
    expect(patchUser(entraUser(), body({ op: "Add", path: "nickName", value: "Babs" })).nickName).toBe("Babs");
  });

  it("mixed ops with an address sub-attribute and an enterprise attribute (laravel-scim-server #34)", () => {
    const result = patchUser(
      entraUser(),
      body(
        { op: "Replace", path: 'emails[type eq "work"].value', value: "new@contoso.com" },
        { op: "Replace", path: 'addresses[type eq "work"].formatted', value: "18/2111" },
        { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Retail" },
      ),
    );
    expect(result.addresses).toEqual([{ type: "work", formatted: "18/2111" }]);
    expect(result[ENT]).toEqual({ department: "Retail" });
  });

  it("maps every default-mapping path of the non-gallery template (§1.3 table)", () => {
    const user: Json = { userName: "u" };
    const result = patchUser(
      user,
      body(
        { op: "Add", path: 'phoneNumbers[type eq "fax"].value', value: "555-0100" },
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "555-0101" },
        { op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "555-0102" },
        { op: "Add", path: 'addresses[type eq "work"].postalCode', value: "98052" },
        { op: "Add", path: 'addresses[type eq "work"].streetAddress', value: "1 Microsoft Way" },
        { op: "Add", path: 'emails[type eq "other"].Value', value: "smtp:alias@contoso.com" },
        { op: "Add", path: 'addresses[type eq "other"].Formatted', value: "Building 18" },
        { op: "Add", path: "title", value: "Engineer" },
        { op: "Add", path: "name.familyName", value: "Smith" },
      ),
    );
    expect(result).toEqual({
      userName: "u",
      title: "Engineer",
      name: { familyName: "Smith" },
      phoneNumbers: [
        { type: "fax", value: "555-0100" },
        { type: "mobile", value: "555-0101" },
        { type: "work", value: "555-0102" },
      ],
      addresses: [
        { type: "work", postalCode: "98052", streetAddress: "1 Microsoft Way" },
        { type: "other", formatted: "Building 18" },
      ],
      emails: [{ type: "other", value: "smtp:alias@contoso.com" }],
    });
  });
});

describe("value paths: create-on-absent (SCIM-SDK #416, scim-for-keycloak #73, scim-patch #176)", () => {
  it('Add on emails[type eq "work"].value creates the work email when there is none', () => {
    const result = patchUser(
      { userName: "u" },
      body({ op: "Add", path: 'emails[type eq "work"].value', value: "w@x.com" }),
    );
    expect(result.emails).toEqual([{ type: "work", value: "w@x.com" }]);
  });

  it("Replace on a missing element creates it instead of failing with noTarget", () => {
    const user = { userName: "u", phoneNumbers: [{ type: "work", value: "1" }] };
    const result = patchUser(user, body({ op: "Replace", path: 'phoneNumbers[type eq "mobile"].value', value: "2" }));
    expect(result.phoneNumbers).toEqual([
      { type: "work", value: "1" },
      { type: "mobile", value: "2" },
    ]);
  });

  it("creates a work address when only a home address exists", () => {
    const user = { userName: "u", addresses: [{ type: "home", locality: "Oslo" }] };
    const result = patchUser(user, body({ op: "add", path: 'addresses[type eq "work"].formatted', value: "18/2111" }));
    expect(result.addresses).toEqual([
      { type: "home", locality: "Oslo" },
      { type: "work", formatted: "18/2111" },
    ]);
  });

  it("updates the matching element in place and leaves the others", () => {
    const user = {
      userName: "u",
      addresses: [
        { type: "work", streetAddress: "Old", locality: "Redmond" },
        { type: "home", streetAddress: "Home" },
      ],
    };
    const result = patchUser(
      user,
      body({ op: "Replace", path: 'addresses[type eq "work"].streetAddress', value: "New" }),
    );
    expect(result.addresses).toEqual([
      { type: "work", streetAddress: "New", locality: "Redmond" },
      { type: "home", streetAddress: "Home" },
    ]);
  });

  it("seeds the new element from every eq condition joined by and", () => {
    const result = patchUser(
      { userName: "u" },
      body({ op: "add", path: 'emails[type eq "work" and primary eq true].value', value: "w@x.com" }),
    );
    expect(result.emails).toEqual([{ type: "work", primary: true, value: "w@x.com" }]);
  });

  it("matches filter values case-insensitively (type is caseExact: false)", () => {
    const user = { userName: "u", emails: [{ type: "Work", value: "old@x.com" }] };
    const result = patchUser(user, body({ op: "replace", path: 'emails[type eq "work"].value', value: "new@x.com" }));
    expect(result.emails).toEqual([{ type: "Work", value: "new@x.com" }]);
  });

  it("is a no-op when a filter cannot describe a new element", () => {
    const user = { userName: "u", emails: [{ type: "work", value: "a@x.com" }] };
    const result = patchUser(user, body({ op: "replace", path: 'emails[value co "zzz"].type', value: "home" }));
    expect(result).toEqual(user);
  });

  it("merges an object value into the matching element, or creates it", () => {
    const user = { userName: "u", emails: [{ type: "work", value: "a@x.com", primary: true }] };
    const merged = patchUser(
      user,
      body({ op: "replace", path: 'emails[type eq "work"]', value: { value: "b@x.com" } }),
    );
    expect(merged.emails).toEqual([{ type: "work", value: "b@x.com", primary: true }]);
    const created = patchUser(user, body({ op: "add", path: 'emails[type eq "home"]', value: { value: "h@x.com" } }));
    expect(created.emails).toEqual([
      { type: "work", value: "a@x.com", primary: true },
      { type: "home", value: "h@x.com" },
    ]);
  });

  it("applies a sub-path without filter to every element", () => {
    const user = {
      userName: "u",
      emails: [
        { type: "work", value: "a@x.com" },
        { type: "home", value: "b@x.com" },
      ],
    };
    const result = patchUser(user, body({ op: "replace", path: "emails.primary", value: "False" }));
    expect(result.emails).toEqual([
      { type: "work", value: "a@x.com", primary: false },
      { type: "home", value: "b@x.com", primary: false },
    ]);
  });

  it("rejects a filter on a single-valued attribute", () => {
    expectScimError(
      () => patchUser(entraUser(), body({ op: "replace", path: 'name[givenName eq "x"].familyName', value: "y" })),
      "invalidPath",
    );
  });
});

describe("value paths: clearing and removing", () => {
  const user = () => ({
    userName: "u",
    emails: [
      { type: "work", value: "w@x.com", primary: true },
      { type: "home", value: "h@x.com" },
    ],
    addresses: [{ type: "work", streetAddress: "1 Way", postalCode: "98052" }],
  });

  it("remove on a value path with sub removes the sub-attribute and drops the emptied element", () => {
    const result = patchUser(user(), body({ op: "remove", path: 'emails[type eq "work"].value' }));
    expect(result.emails).toEqual([{ type: "home", value: "h@x.com" }]);
  });

  it("remove of a whole matching element, and the attribute once empty", () => {
    const once = patchUser(user(), body({ op: "remove", path: 'emails[type eq "home"]' }));
    expect(once.emails).toEqual([{ type: "work", value: "w@x.com", primary: true }]);
    const twice = patchUser(once, body({ op: "remove", path: 'emails[type eq "work"]' }));
    expect(twice).not.toHaveProperty("emails");
  });

  it("remove that matches nothing is not an error", () => {
    expect(patchUser(user(), body({ op: "remove", path: 'phoneNumbers[type eq "fax"].value' }))).toEqual(user());
    expect(patchUser(user(), body({ op: "remove", path: 'emails[type eq "other"]' }))).toEqual(user());
  });

  it.each([[""], [null]])("replace with %j clears the sub-attribute (SCIM_Null_Update)", (value) => {
    const result = patchUser(user(), body({ op: "replace", path: 'emails[type eq "work"].value', value }));
    expect(result.emails).toEqual([{ type: "home", value: "h@x.com" }]);
    const address = patchUser(user(), body({ op: "replace", path: 'addresses[type eq "work"].postalCode', value }));
    expect(address.addresses).toEqual([{ type: "work", streetAddress: "1 Way" }]);
  });

  it("add with a blank value on an absent element creates nothing", () => {
    const result = patchUser(user(), body({ op: "add", path: 'phoneNumbers[type eq "fax"].value', value: "" }));
    expect(result).not.toHaveProperty("phoneNumbers");
  });
});

describe("multi-valued attributes without a filter", () => {
  it("add appends, replacing an element of the same type (type values are unique)", () => {
    const result = patchUser(
      entraUser(),
      body({
        op: "add",
        path: "emails",
        value: [
          { type: "work", value: "new-work@x.com", primary: "True" },
          { type: "home", value: "home@x.com" },
        ],
      }),
    );
    expect(result.emails).toEqual([
      { type: "work", value: "new-work@x.com", primary: true },
      { type: "home", value: "home@x.com" },
    ]);
  });

  it("add does not duplicate an existing value", () => {
    const user = { userName: "u", ims: [{ value: "skype:a" }] };
    const result = patchUser(
      user,
      body({ op: "add", path: "ims", value: [{ value: "skype:a" }, { value: "skype:b" }] }),
    );
    expect(result.ims).toEqual([{ value: "skype:a" }, { value: "skype:b" }]);
  });

  it("replace swaps the whole array; a single object is wrapped", () => {
    const replaced = patchUser(
      entraUser(),
      body({ op: "replace", path: "emails", value: { type: "home", value: "h@x.com" } }),
    );
    expect(replaced.emails).toEqual([{ type: "home", value: "h@x.com" }]);
    const added = patchUser(
      { userName: "u" },
      body({ op: "add", path: "phoneNumbers", value: { type: "work", value: "1" } }),
    );
    expect(added.phoneNumbers).toEqual([{ type: "work", value: "1" }]);
  });

  it("replace with an empty array or null, and remove without value, drop the attribute", () => {
    expect(patchUser(entraUser(), body({ op: "replace", path: "emails", value: [] }))).not.toHaveProperty("emails");
    expect(patchUser(entraUser(), body({ op: "replace", path: "emails", value: null }))).not.toHaveProperty("emails");
    expect(patchUser(entraUser(), body({ op: "remove", path: "emails" }))).not.toHaveProperty("emails");
  });

  it("keeps a single primary: the element the op marked primary wins", () => {
    const home = { type: "home", value: "h@x.com", primary: true };
    const result = patchUser(entraUser(), body({ op: "add", path: "emails", value: [home] }));
    expect(result.emails).toEqual([
      { value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", type: "work", primary: false },
      { type: "home", value: "h@x.com", primary: true },
    ]);
  });

  it("canonicalises sub-attribute names and drops unknown and null sub-attributes", () => {
    const result = patchUser(
      { userName: "u" },
      body({
        op: "add",
        path: "addresses",
        value: [{ Type: "work", Locality: "Berlin", region: null, planet: "Earth" }],
      }),
    );
    expect(result.addresses).toEqual([{ type: "work", locality: "Berlin" }]);
  });

  it("rejects elements that are neither objects nor strings", () => {
    expectScimError(
      () => patchUser({ userName: "u" }, body({ op: "add", path: "emails", value: [true] })),
      "invalidValue",
    );
  });
});

describe("roles, entra-scim.md §1.10", () => {
  it("stores Entra's stringified-JSON role value as sent (verbatim)", () => {
    const roleJson = '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}';
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Add", path: "roles", value: [{ value: roleJson }] }],
    });
    expect(result.roles).toEqual([{ value: roleJson }]);
  });

  it('coerces primary strings to booleans (validator sends "True")', () => {
    const result = patchUser(
      entraUser(),
      body({
        op: "replace",
        path: "roles",
        value: [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" }],
      }),
    );
    expect(result.roles).toEqual([{ primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" }]);
  });

  it("keeps several roles of the same type (roles are not type-unique)", () => {
    const user = { userName: "u", roles: [{ type: "WindowsAzureActiveDirectoryRole", value: "Admin" }] };
    const reader = { type: "WindowsAzureActiveDirectoryRole", value: "Reader" };
    const result = patchUser(user, body({ op: "Add", path: "roles", value: [reader] }));
    expect(result.roles).toEqual([
      { type: "WindowsAzureActiveDirectoryRole", value: "Admin" },
      { type: "WindowsAzureActiveDirectoryRole", value: "Reader" },
    ]);
  });

  it("Remove with a value array removes only the listed roles", () => {
    const user = { userName: "u", roles: [{ value: "Admin" }, { value: "Reader" }] };
    const result = patchUser(user, body({ op: "Remove", path: "roles", value: [{ value: "Admin" }] }));
    expect(result.roles).toEqual([{ value: "Reader" }]);
  });
});

describe("booleans, entra-scim.md §1.6", () => {
  it('Disable user without flag: "False" string (verbatim)', () => {
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(result.active).toBe(false);
  });

  it("Disable user with flag: JSON false (verbatim)", () => {
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect(result.active).toBe(false);
  });

  it.each([
    ["True", true],
    ["true", true],
    ["TRUE", true],
    [true, true],
    ["False", false],
    ["false", false],
    ["fALSE", false],
    [false, false],
  ])("active %j → %s", (value, expected) => {
    expect(patchUser({ userName: "u", active: !expected }, body({ op: "replace", path: "active", value })).active).toBe(
      expected,
    );
  });

  it("coerces boolean sub-attributes on value paths and path-less keys", () => {
    const user = { userName: "u", emails: [{ type: "work", value: "w@x.com" }] };
    const viaPath = patchUser(user, body({ op: "replace", path: 'emails[type eq "work"].primary', value: "True" }));
    expect(viaPath.emails).toEqual([{ type: "work", value: "w@x.com", primary: true }]);
    expect(patchUser(user, body({ op: "replace", value: { active: "False" } })).active).toBe(false);
  });

  it.each([["yes"], [0], [1], [{}], [["true"]]])("rejects %j for a boolean with invalidValue", (value) => {
    expectScimError(() => patchUser(entraUser(), body({ op: "replace", path: "active", value })), "invalidValue");
  });
});

describe("path-less operations, entra-scim.md §1.9 (aadOptscim062020)", () => {
  it("multi-attribute replace with dotted and URN keys (verbatim)", () => {
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
        {
          op: "replace",
          value: {
            displayName: "Bjfe",
            "name.givenName": "Kkom",
            "name.familyName": "Unua",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
          },
        },
      ],
    });
    expect(result).toEqual({
      ...entraUser(),
      displayName: "Bjfe",
      name: { formatted: "givenName familyName", givenName: "Kkom", familyName: "Unua" },
      emails: [{ value: "TestMhvaes@test.microsoft.com", type: "work", primary: true }],
      [ENT]: { employeeNumber: "Aklq" },
    });
    expect(result).not.toHaveProperty(["name.givenName"]);
  });

  it("path-less add with name.formatted (pond/scimitar #123)", () => {
    const result = patchUser(entraUser(), body({ op: "add", value: { "name.formatted": "Kkom Unua" } }));
    expect(result.name).toMatchObject({ formatted: "Kkom Unua", givenName: "givenName" });
  });

  it("nested objects merge into complex attributes (RFC 7644 §3.5.2.3)", () => {
    const result = patchUser(entraUser(), body({ op: "replace", value: { name: { givenName: "Ann" } } }));
    expect(result.name).toEqual({ formatted: "givenName familyName", familyName: "familyName", givenName: "Ann" });
  });

  it("a URN key holding an object of extension attributes", () => {
    const result = patchUser(
      entraUser(),
      body({ op: "add", value: { [ENT]: { department: "Retail", Manager: { Value: "SuzzyQ" } } } }),
    );
    expect(result[ENT]).toEqual({ department: "Retail", manager: { value: "SuzzyQ" } });
  });

  it('path-less userName update (validator "Update User userName")', () => {
    expect(patchUser(entraUser(), body({ op: "replace", value: { userName: "renamed@x.com" } })).userName).toBe(
      "renamed@x.com",
    );
  });

  it("ignores schemas, id, meta, password and unknown keys", () => {
    const user = entraUser();
    const result = patchUser(
      user,
      body({
        op: "replace",
        value: { schemas: [ENT], id: "other", meta: { resourceType: "User" }, password: "secret", shoeSize: 44 },
      }),
    );
    expect(result).toEqual(user);
  });

  it("Okta's deactivate: path-less replace with active false and the user id", () => {
    const result = patchUser(entraUser(), body({ op: "replace", value: { id: "abc", active: false } }));
    expect(result).toEqual({ ...entraUser(), active: false });
  });

  it("a core schema URN key holding an object of core attributes", () => {
    const core = "urn:ietf:params:scim:schemas:core:2.0:User";
    const result = patchUser(
      entraUser(),
      body({ op: "replace", value: { [core]: { displayName: "D", "name.givenName": "G" } } }),
    );
    expect(result).toMatchObject({ displayName: "D", name: { givenName: "G" } });
    expect(result).not.toHaveProperty([core]);
  });

  it("enterprise attribute names without the URN land in the extension", () => {
    const result = patchUser(entraUser(), body({ op: "add", value: { department: "Retail", "manager.value": "m1" } }));
    expect(result[ENT]).toEqual({ department: "Retail", manager: { value: "m1" } });
  });

  it("rejects a non-object value", () => {
    expectScimError(() => patchUser(entraUser(), body({ op: "replace", value: "x" })), "invalidValue");
    expectScimError(() => patchUser(entraUser(), body({ op: "add", value: [{ displayName: "x" }] })), "invalidValue");
  });
});

describe("attribute names", () => {
  it("match case-insensitively and are written in canonical spelling", () => {
    const result = patchUser(
      entraUser(),
      body(
        { op: "replace", path: "DisplayName", value: "D" },
        { op: "replace", path: "name.FamilyName", value: "F" },
        { op: "replace", path: 'EMAILS[Type eq "work"].Primary', value: "false" },
        { op: "add", path: "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department", value: "Sales" },
      ),
    );
    expect(result.displayName).toBe("D");
    expect(result.name).toMatchObject({ familyName: "F" });
    expect(result.emails).toEqual([expect.objectContaining({ primary: false })]);
    expect(result[ENT]).toEqual({ department: "Sales" });
    expect(Object.keys(result)).not.toContain("DisplayName");
  });

  it("replaces a differently-cased stored key instead of adding a second one", () => {
    const result = patchUser({ userName: "u", Title: "old" }, body({ op: "replace", path: "title", value: "new" }));
    expect(result).toEqual({ userName: "u", title: "new" });
  });

  it("accepts the core schema URN prefix and Entra's old dot notation for extensions", () => {
    const result = patchUser(
      entraUser(),
      body(
        { op: "replace", path: "urn:ietf:params:scim:schemas:core:2.0:User:displayName", value: "D" },
        { op: "replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.costCenter", value: "42" },
      ),
    );
    expect(result.displayName).toBe("D");
    expect(result[ENT]).toEqual({ costCenter: "42" });
  });

  it("ignores unknown core attributes and sub-attributes", () => {
    const user = entraUser();
    const result = patchUser(
      user,
      body(
        { op: "replace", path: "favouriteColour", value: "blue" },
        { op: "replace", path: "name.nickname", value: "x" },
        { op: "remove", path: "shoeSize" },
        { op: "replace", path: "title.sub", value: "x" },
      ),
    );
    expect(result).toEqual(user);
  });
});

describe("unknown extensions", () => {
  it("stores a custom extension attribute under its URN (path and path-less)", () => {
    const viaPath = patchUser(entraUser(), body({ op: "add", path: `${CUSTOM}:CustomAttribute`, value: "v1" }));
    expect(viaPath[CUSTOM]).toEqual({ CustomAttribute: "v1" });
    const viaKey = patchUser(viaPath, body({ op: "replace", value: { [`${CUSTOM}:customattribute`]: "v2" } }));
    expect(viaKey[CUSTOM]).toEqual({ CustomAttribute: "v2" });
    const viaObject = patchUser(viaPath, body({ op: "replace", value: { [CUSTOM]: { Other: 3 } } }));
    expect(viaObject[CUSTOM]).toEqual({ CustomAttribute: "v1", Other: 3 });
  });

  it("removing the last attribute drops the extension object", () => {
    const user = { ...entraUser(), [CUSTOM]: { CustomAttribute: "v1" } };
    expect(patchUser(user, body({ op: "remove", path: `${CUSTOM}:CustomAttribute` }))).toEqual(entraUser());
    expect(patchUser(user, body({ op: "replace", path: `${CUSTOM}:CustomAttribute`, value: "" }))).toEqual(entraUser());
  });
});

describe("manager, entra-scim.md §1.8", () => {
  const MANAGER_PATH = `${ENT}:manager`;

  it("Example 5: Add path manager with [{$ref, value}] (verbatim)", () => {
    const result = patchUser(entraUser(), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        {
          op: "Add",
          path: "manager",
          value: [
            {
              $ref: "http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
              value: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
            },
          ],
        },
      ],
    });
    expect(result[ENT]).toEqual({
      manager: {
        value: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
        $ref: "http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
      },
    });
    expect(result).not.toHaveProperty("manager");
  });

  it.each([
    [
      "bare id string (current Entra)",
      { op: "add", path: MANAGER_PATH, value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" },
    ],
    [
      "{value} (validator)",
      { op: "add", path: MANAGER_PATH, value: { value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" } },
    ],
    [
      "[{value}] with URN path",
      { op: "Add", path: MANAGER_PATH, value: [{ value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" }] },
    ],
    [
      "manager.value path",
      { op: "replace", path: `${MANAGER_PATH}.value`, value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" },
    ],
    ["path-less URN key", { op: "add", value: { [MANAGER_PATH]: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" } }],
    ["path-less manager key", { op: "add", value: { manager: { value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" } } }],
  ])("sets the manager from a %s", (_name, operation) => {
    const result = patchUser(entraUser(), body(operation));
    expect(result[ENT]).toEqual({ manager: { value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" } });
  });

  it("replaces the manager as a whole (a stale $ref does not survive)", () => {
    const user = { ...entraUser(), [ENT]: { department: "D", manager: { value: "old", $ref: "../Users/old" } } };
    const result = patchUser(user, body({ op: "replace", path: MANAGER_PATH, value: "new" }));
    expect(result[ENT]).toEqual({ department: "D", manager: { value: "new" } });
  });

  it.each([
    ["op remove", { op: "remove", path: MANAGER_PATH }],
    ['replace with "" (validator / Logic App test 25)', { op: "replace", path: MANAGER_PATH, value: "" }],
    ["replace with null", { op: "replace", path: MANAGER_PATH, value: null }],
    ['replace with {value: ""}', { op: "replace", path: MANAGER_PATH, value: { value: "" } }],
    ["replace with []", { op: "replace", path: MANAGER_PATH, value: [] }],
    ["remove manager.value", { op: "remove", path: `${MANAGER_PATH}.value` }],
    ["path-less null", { op: "replace", value: { [MANAGER_PATH]: null } }],
  ])("removes the manager with %s", (_name, operation) => {
    const user = { ...entraUser(), [ENT]: { department: "D", manager: { value: "m1" } } };
    expect(patchUser(user, body(operation))[ENT]).toEqual({ department: "D" });
  });

  it("drops the extension object when the manager was its only attribute", () => {
    const user = { ...entraUser(), [ENT]: { manager: { value: "m1" } } };
    expect(patchUser(user, body({ op: "remove", path: MANAGER_PATH }))).toEqual(entraUser());
  });

  it("rejects a manager value that is not an id", () => {
    const nested = { op: "add", path: MANAGER_PATH, value: { value: { id: 1 } } };
    expectScimError(() => patchUser(entraUser(), body(nested)), "invalidValue");
    expectScimError(() => patchUser(entraUser(), body({ op: "add", path: MANAGER_PATH, value: true })), "invalidValue");
  });
});

describe("clearing simple attributes (Microsoft SCIM_Null_Update)", () => {
  const user = () => ({
    ...entraUser(),
    title: "Engineer",
    displayName: "D",
    [ENT]: { department: "Retail", employeeNumber: "7" },
  });

  it.each([[""], [null]])("replace with %j removes title, name.givenName and department", (value) => {
    const result = patchUser(
      user(),
      body(
        { op: "replace", path: "title", value },
        { op: "replace", path: "name.givenName", value },
        { op: "replace", path: `${ENT}:department`, value },
      ),
    );
    expect(result).not.toHaveProperty("title");
    expect(result.name).toEqual({ formatted: "givenName familyName", familyName: "familyName" });
    expect(result[ENT]).toEqual({ employeeNumber: "7" });
  });

  it("path-less blanks clear too", () => {
    const result = patchUser(
      user(),
      body({ op: "replace", value: { title: "", displayName: null, "name.familyName": "" } }),
    );
    expect(result).not.toHaveProperty("title");
    expect(result).not.toHaveProperty("displayName");
    expect(result.name).toEqual({ formatted: "givenName familyName", givenName: "givenName" });
  });

  it("remove on simple paths, and on a whole complex attribute", () => {
    const result = patchUser(
      user(),
      body({ op: "remove", path: "title" }, { op: "remove", path: "name" }, { op: "remove", path: "externalId" }),
    );
    expect(result).not.toHaveProperty("title");
    expect(result).not.toHaveProperty("name");
    expect(result).not.toHaveProperty("externalId");
  });

  it("removing every name part drops the name object", () => {
    const result = patchUser(
      { userName: "u", name: { givenName: "A" } },
      body({ op: "remove", path: "name.givenName" }),
    );
    expect(result).toEqual({ userName: "u" });
  });
});

describe("mutability and required attributes", () => {
  it("refuses a path naming id or meta (RFC 7644 §3.5.2: 400 mutability)", () => {
    const user = { ...entraUser(), id: "abc", meta: { resourceType: "User" } };
    for (const op of [
      { op: "replace", path: "id", value: "other" },
      { op: "add", path: "meta.resourceType", value: "Group" },
      { op: "remove", path: "id" },
      { op: "replace", path: "urn:ietf:params:scim:schemas:core:2.0:User:meta", value: {} },
    ]) {
      expectScimError(() => patchUser(user, body(op)), "mutability");
    }
  });

  it("skips id and meta echoed inside a path-less value", () => {
    const user = { ...entraUser(), id: "abc" };
    expect(
      patchUser(user, body({ op: "replace", value: { id: "abc", meta: { resourceType: "User" }, title: "T" } })),
    ).toEqual({ ...user, title: "T" });
  });

  it("refuses to change groups", () => {
    expectScimError(
      () => patchUser(entraUser(), body({ op: "add", path: "groups", value: [{ value: "g1" }] })),
      "mutability",
    );
    expectScimError(() => patchUser(entraUser(), body({ op: "replace", value: { groups: [] } })), "mutability");
  });

  it("never stores a password", () => {
    const result = patchUser(entraUser(), body({ op: "replace", path: "password", value: "P@ssw0rd" }));
    expect(result).toEqual(entraUser());
  });

  it("userName cannot be removed, emptied or set to a non-string", () => {
    expectScimError(() => patchUser(entraUser(), body({ op: "remove", path: "userName" })), "mutability");
    expectScimError(() => patchUser(entraUser(), body({ op: "replace", path: "userName", value: "" })), "invalidValue");
    expectScimError(
      () => patchUser(entraUser(), body({ op: "replace", path: "userName", value: null })),
      "invalidValue",
    );
    expectScimError(() => patchUser(entraUser(), body({ op: "replace", path: "userName", value: 42 })), "invalidValue");
    expectScimError(() => patchUser(entraUser(), body({ op: "replace", value: { userName: ["a"] } })), "invalidValue");
  });

  it("rejects objects for simple string attributes but keeps the digits of a number", () => {
    expectScimError(
      () => patchUser(entraUser(), body({ op: "replace", path: "title", value: { a: 1 } })),
      "invalidValue",
    );
    expect(patchUser(entraUser(), body({ op: "replace", path: `${ENT}:employeeNumber`, value: 1234 }))[ENT]).toEqual({
      employeeNumber: "1234",
    });
  });
});

describe("SCIM Validator preview tests, entra-scim.md §3", () => {
  it("Multiple Ops on the same attribute apply in order (remove + add + replace externalId)", () => {
    const result = patchUser(
      entraUser(),
      body(
        { op: "remove", path: "externalId" },
        { op: "add", path: "externalId", value: "ADDED" },
        { op: "replace", path: "externalId", value: "REPLACED" },
      ),
    );
    expect(result.externalId).toBe("REPLACED");
    const removedLast = patchUser(
      entraUser(),
      body({ op: "add", path: "externalId", value: "x" }, { op: "remove", path: "externalId" }),
    );
    expect(removedLast).not.toHaveProperty("externalId");
  });

  it("Multiple Ops on different attributes (remove preferredLanguage + add externalId + replace displayName)", () => {
    const user = { ...entraUser(), preferredLanguage: "hi" };
    const result = patchUser(
      user,
      body(
        { op: "remove", path: "preferredLanguage" },
        { op: "add", path: "externalId", value: "EXT" },
        { op: "replace", path: "displayName", value: "DISP" },
      ),
    );
    expect(result).not.toHaveProperty("preferredLanguage");
    expect(result).toMatchObject({ externalId: "EXT", displayName: "DISP" });
  });

  it("Patch User - Replace Attributes (verbose) including emails[primary eq true].value", () => {
    const result = patchUser(
      entraUser(),
      body(
        { op: "replace", path: "emails[primary eq true].value", value: "primary@x.com" },
        { op: "replace", path: 'phoneNumbers[type eq "work"].value', value: "555" },
        { op: "replace", path: 'addresses[type eq "work"].locality', value: "Redmond" },
        { op: "replace", path: "preferredLanguage", value: "hi" },
      ),
    );
    expect(result.emails).toEqual([{ value: "primary@x.com", type: "work", primary: true }]);
    expect(result.phoneNumbers).toEqual([{ type: "work", value: "555" }]);
    expect(result.addresses).toEqual([{ type: "work", locality: "Redmond" }]);
    expect(result.preferredLanguage).toBe("hi");
  });
});

describe("atomicity: the input is never modified", () => {
  it("a throwing op leaves the input exactly as it was", () => {
    const user = { ...entraUser(), [ENT]: { manager: { value: "m1" } } };
    const snapshot = structuredClone(user);
    const ops = parsePatchRequest(
      body(
        { op: "replace", path: "displayName", value: "changed" },
        { op: "remove", path: `${ENT}:manager` },
        { op: "replace", path: 'emails[type eq "work"].value', value: "changed@x.com" },
        { op: "replace", path: "active", value: "maybe" },
      ),
    );
    expectScimError(() => applyUserPatch(user, ops), "invalidValue");
    expect(user).toEqual(snapshot);
  });

  it("a successful patch returns a fresh object that shares nothing with the input or the ops", () => {
    const user = entraUser();
    const snapshot = structuredClone(user);
    const extension = { nested: { a: 1 } };
    const ops: PatchOperation[] = parsePatchRequest(
      body(
        { op: "replace", path: 'emails[type eq "work"].value', value: "x@y.z" },
        { op: "add", path: `${CUSTOM}:blob`, value: extension },
      ),
    );
    const result = applyUserPatch(user, ops);
    expect(user).toEqual(snapshot);
    (result.emails as Json[])[0].value = "mutated";
    extension.nested.a = 2;
    expect(user).toEqual(snapshot);
    expect(result[CUSTOM]).toEqual({ blob: { nested: { a: 1 } } });
  });
});

describe("planGroupPatch", () => {
  it("Update Group [Non-member attributes] (verbatim)", () => {
    expect(
      planGroup({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" },
        ],
      }),
    ).toEqual({ displayName: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName", steps: [] });
  });

  it("Update Group [Add Members] (verbatim)", () => {
    expect(
      planGroup({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: "f648f8d5ea4e4cd38e9c" }] }],
      }),
    ).toEqual({ steps: [{ kind: "add", members: [{ value: "f648f8d5ea4e4cd38e9c" }] }] });
  });

  it("adds several members with one PATCH", () => {
    const value = [{ $ref: null, value: "a" }, { value: "b" }, { Value: "c", type: "User" }];
    const plan = planGroup(body({ op: "Add", path: "members", value }));
    expect(plan.steps).toEqual([{ kind: "add", members: [{ value: "a" }, { value: "b" }, { value: "c" }] }]);
  });

  it("Update Group [Remove Members] without flag removes only the listed ids (verbatim)", () => {
    const plan = planGroup({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: "f648f8d5ea4e4cd38e9c" }] }],
    });
    expect(plan.steps).toEqual([{ kind: "remove", ids: ["f648f8d5ea4e4cd38e9c"] }]);
  });

  it.each([
    ["a value array", [{ value: "a" }, { value: "b" }]],
    ["one member object", { value: "a" }],
    ["a bare id", "a"],
    ["an empty array", []],
  ])("Remove members with %s never yields removeAll", (_name, value) => {
    const plan = planGroup(body({ op: "Remove", path: "members", value }));
    expect(plan.steps.some((s) => s.kind === "removeAll")).toBe(false);
  });

  it("Remove member with aadOptscim062020 (verbatim)", () => {
    const plan = planGroup({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]' }],
    });
    expect(plan.steps).toEqual([{ kind: "remove", ids: ["7f4bc1a3-285e-48ae-8202-5accb43efb0e"] }]);
  });

  it("removes several ids joined by or", () => {
    const plan = planGroup(body({ op: "remove", path: 'members[value eq "a" or value eq "b" or Value EQ "a"]' }));
    expect(plan.steps).toEqual([{ kind: "remove", ids: ["a", "b"] }]);
  });

  it.each([
    ['members[display eq "x"]'],
    ['members[value ne "a"]'],
    ['members[value eq "a" and value eq "b"]'],
    ["members[value pr]"],
  ])("rejects other member filters: %s", (path) => {
    expectScimError(() => planGroup(body({ op: "remove", path })), "invalidFilter");
  });

  it('remove with path members and no value removes all (Postman "remove all users")', () => {
    expect(planGroup(body({ op: "remove", path: "members" })).steps).toEqual([{ kind: "removeAll" }]);
  });

  it("Postman add with displayName, an op name and a later filter remove", () => {
    const plan = planGroup(
      body(
        { name: "addMember", op: "add", path: "members", value: [{ displayName: "new User", value: "id4" }] },
        { op: "remove", path: 'members[value eq "id4"]' },
      ),
    );
    expect(plan.steps).toEqual([
      { kind: "add", members: [{ value: "id4", display: "new User" }] },
      { kind: "remove", ids: ["id4"] },
    ]);
  });

  it('Postman "Group tests with garbage": bare string member and a top-level id (verbatim)', () => {
    const plan = planGroup({
      id: "{{1stgroupid}}",
      Operations: [{ op: "add", path: "members", value: "string id 1" }],
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    });
    expect(plan).toEqual({ steps: [{ kind: "add", members: [{ value: "string id 1" }] }] });
  });

  it("path-less add of members and path-less replace of displayName/externalId (validator)", () => {
    const plan = planGroup(
      body(
        { op: "add", value: { members: [{ value: "a", display: "Ann" }] } },
        { op: "replace", value: { displayName: "Renamed", externalId: "ext-1" } },
      ),
    );
    expect(plan).toEqual({
      displayName: "Renamed",
      externalId: "ext-1",
      steps: [{ kind: "add", members: [{ value: "a", display: "Ann" }] }],
    });
  });

  it("replace members with an array, or with an empty array", () => {
    expect(planGroup(body({ op: "replace", path: "members", value: [{ value: "a" }, { value: "b" }] })).steps).toEqual([
      { kind: "replace", members: [{ value: "a" }, { value: "b" }] },
    ]);
    expect(planGroup(body({ op: "replace", path: "members", value: [] })).steps).toEqual([
      { kind: "replace", members: [] },
    ]);
  });

  it("keeps steps in op order and dedupes ids within a step", () => {
    const plan = planGroup(
      body(
        { op: "add", path: "members", value: [{ value: "a" }, { value: "a" }] },
        { op: "remove", path: "members", value: [{ value: "a" }] },
        { op: "add", path: "members", value: [{ value: "b" }] },
      ),
    );
    expect(plan.steps).toEqual([
      { kind: "add", members: [{ value: "a" }] },
      { kind: "remove", ids: ["a"] },
      { kind: "add", members: [{ value: "b" }] },
    ]);
  });

  it("externalId: replace with path, remove and blank clear it", () => {
    expect(planGroup(body({ op: "Replace", path: "externalId", value: "e" })).externalId).toBe("e");
    expect(planGroup(body({ op: "remove", path: "externalId" })).externalId).toBeNull();
    expect(planGroup(body({ op: "replace", path: "externalId", value: "" })).externalId).toBeNull();
  });

  it("multiple ops on the same attribute: the last one wins", () => {
    const plan = planGroup(
      body({ op: "replace", path: "displayName", value: "one" }, { op: "replace", value: { DisplayName: "two" } }),
    );
    expect(plan.displayName).toBe("two");
  });

  it("refuses a path naming id or meta", () => {
    expectScimError(() => planGroup(body({ op: "replace", path: "id", value: "x" })), "mutability");
    expectScimError(() => planGroup(body({ op: "add", path: "meta.resourceType", value: "User" })), "mutability");
  });

  it("ignores id, meta, schemas and unknown attributes in a path-less value", () => {
    expect(
      planGroup(
        body(
          { op: "replace", value: { id: "x", meta: {}, schemas: [], description: "d" } },
          { op: "add", path: "owner", value: "o" },
        ),
      ),
    ).toEqual({ steps: [] });
  });

  it("validates displayName", () => {
    expectScimError(() => planGroup(body({ op: "replace", path: "displayName", value: "" })), "invalidValue");
    expectScimError(() => planGroup(body({ op: "replace", path: "displayName", value: 5 })), "invalidValue");
    expectScimError(() => planGroup(body({ op: "replace", value: { displayName: null } })), "invalidValue");
    expectScimError(() => planGroup(body({ op: "remove", path: "displayName" })), "mutability");
  });

  it.each([
    ["a member without value", [{ display: "x" }]],
    ["an empty id", [{ value: "" }]],
    ["a numeric id", [{ value: 7 }]],
    ["a number", 7],
    ["null in the array", [null]],
  ])("rejects %s", (_name, value) => {
    expectScimError(() => planGroup(body({ op: "add", path: "members", value })), "invalidValue");
  });

  it("rejects add/replace on a members filter path", () => {
    const operation = { op: "replace", path: 'members[value eq "a"]', value: { value: "b" } };
    expectScimError(() => planGroup(body(operation)), "invalidPath");
  });
});
