import { describe, it, expect } from "vitest";
import {
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  resourceTypeById,
  resourceTypes,
  schemaById,
  schemas,
  serviceProviderConfig,
} from "@/lib/scim/discovery/documents";
import { MAX_PAGE_SIZE } from "@/lib/scim/list";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA } from "@/lib/scim/schema";

const BASE = "https://app.example.com/scim/v2";

type Attr = { name: string; subAttributes?: Attr[]; [k: string]: unknown };
type Schema = { id: string; attributes: Attr[]; [k: string]: unknown };

describe("ServiceProviderConfig", () => {
  const config = serviceProviderConfig(BASE);

  it("advertises what we support (Postman: patch.supported === true)", () => {
    expect(config).toMatchObject({
      schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: MAX_PAGE_SIZE },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: "ServiceProviderConfig", location: `${BASE}/ServiceProviderConfig` },
    });
    expect(typeof config.documentationUri).toBe("string");
  });

  it("declares bearer-token authentication as primary", () => {
    expect(config.authenticationSchemes).toEqual([
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: expect.any(String),
        primary: true,
      },
    ]);
  });
});

describe("ResourceTypes", () => {
  it("is a ListResponse with User first (Postman: Resources[0].endpoint == '/Users')", () => {
    const list = resourceTypes(BASE);
    expect(list).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    expect(list.Resources[0].endpoint).toBe("/Users");
    expect(list.Resources[0]).toEqual({
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${BASE}/ResourceTypes/User` },
    });
    expect(list.Resources[1]).toMatchObject({ id: "Group", endpoint: "/Groups", schema: GROUP_SCHEMA });
  });

  it("finds one by id, case-insensitively", () => {
    expect(resourceTypeById("group", BASE)).toMatchObject({
      id: "Group",
      meta: { resourceType: "ResourceType", location: `${BASE}/ResourceTypes/Group` },
    });
    expect(resourceTypeById("USER")?.endpoint).toBe("/Users");
    expect(resourceTypeById("Device")).toBeUndefined();
  });
});

describe("Schemas", () => {
  const list = schemas(BASE);
  const byId = (id: string) => list.Resources.find((s) => s.id === id) as Schema;

  it("is a ListResponse of User, Group and EnterpriseUser", () => {
    expect(list).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 3, itemsPerPage: 3, startIndex: 1 });
    expect(list.Resources.map((s) => s.id)).toEqual([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  });

  it('contains "User Account" (Postman asserts the body does)', () => {
    expect(byId(USER_SCHEMA).description).toBe("User Account");
    expect(JSON.stringify(list)).toContain("User Account");
  });

  it("renders RFC 7643 §7 attribute characteristics with schema meta", () => {
    const user = byId(USER_SCHEMA);
    expect(user).toMatchObject({
      schemas: [SCHEMA_SCHEMA],
      name: "User",
      meta: { resourceType: "Schema", location: `${BASE}/Schemas/${USER_SCHEMA}` },
    });
    const userName = user.attributes.find((a) => a.name === "userName");
    expect(userName).toEqual({
      name: "userName",
      type: "string",
      multiValued: false,
      description: expect.any(String),
      required: true,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server",
    });
    const emails = user.attributes.find((a) => a.name === "emails")!;
    expect(emails.subAttributes!.map((a) => a.name)).toEqual(["value", "display", "type", "primary"]);
  });

  it("lists externalId (Entra maps it) but not id or meta", () => {
    for (const id of [USER_SCHEMA, GROUP_SCHEMA]) {
      const names = byId(id).attributes.map((a) => a.name);
      expect(names).toContain("externalId");
      expect(names).not.toContain("id");
      expect(names).not.toContain("meta");
    }
    const group = byId(GROUP_SCHEMA).attributes.map((a) => a.name);
    expect(group).toEqual(expect.arrayContaining(["displayName", "members"]));
    const enterprise = byId(ENTERPRISE_USER_SCHEMA).attributes.find((a) => a.name === "manager")!;
    expect(enterprise.subAttributes!.map((a) => a.name)).toEqual(["value", "$ref", "displayName"]);
  });

  it("finds one by URN, case-insensitively", () => {
    expect(schemaById(ENTERPRISE_USER_SCHEMA.toUpperCase(), BASE)).toMatchObject({
      id: ENTERPRISE_USER_SCHEMA,
      name: "EnterpriseUser",
      meta: { location: `${BASE}/Schemas/${ENTERPRISE_USER_SCHEMA}` },
    });
    expect(schemaById("urn:ietf:params:scim:schemas:core:2.0:Device")).toBeUndefined();
  });
});
