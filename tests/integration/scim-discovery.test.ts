// SCIM discovery over HTTP: ServiceProviderConfig, ResourceTypes and Schemas, on the real handler.
import { describe, expect, it } from "vitest";
import { ENTERPRISE, GROUP, USER, scim } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { expectList, expectScimError } from "../support/scim-resources";

describe("discovery", () => {
  it("/ServiceProviderConfig and the /serviceConfiguration alias, without a token", async () => {
    const spc = await scim("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(spc.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: "oauthbearertoken", primary: true })],
    });
    const alias = await scim("GET", "/serviceConfiguration");
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual(spc.body);
  });

  it("/ResourceTypes, /ResourceTypes/User, /ResourceTypes/group; unknown → 404", async () => {
    const { token } = await newWorkspace();
    const all = await scim("GET", "/ResourceTypes", { token });
    expectList(all, 2, 2);
    expect(all.body.Resources[0]).toMatchObject({
      id: "User",
      endpoint: "/Users",
      schema: USER,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
    });
    expect(all.body.Resources[1]).toMatchObject({ id: "Group", endpoint: "/Groups", schema: GROUP });
    const user = await scim("GET", "/ResourceTypes/User");
    expect(user.status).toBe(200);
    expect(user.body).toEqual(all.body.Resources[0]);
    expect((await scim("GET", "/ResourceTypes/group")).body.id).toBe("Group");
    expectScimError(await scim("GET", "/ResourceTypes/Device"), 404);
  });

  it("/Schemas and /Schemas/<urn>", async () => {
    const all = await scim("GET", "/Schemas");
    expectList(all, 3, 3);
    expect(all.text).toContain("User Account");
    expect(all.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, GROUP, ENTERPRISE]);
    const userAttrs = all.body.Resources[0].attributes.map((a: { name: string }) => a.name);
    for (const name of [
      "userName",
      "name",
      "displayName",
      "emails",
      "active",
      "externalId",
      "userType",
      "phoneNumbers",
      "addresses",
    ]) {
      expect(userAttrs).toContain(name);
    }
    const ent = await scim("GET", `/Schemas/${ENTERPRISE}`);
    expect(ent.status).toBe(200);
    expect(ent.body).toMatchObject({ id: ENTERPRISE, name: "EnterpriseUser" });
    expect(
      ent.body.attributes
        .find((a: { name: string }) => a.name === "manager")
        .subAttributes.map((s: { name: string }) => s.name),
    ).toEqual(["value", "$ref", "displayName"]);
    expect((await scim("GET", `/Schemas/${USER.toUpperCase()}`)).body.id).toBe(USER);
    expectScimError(await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Device"), 404);
  });

  it("discovery endpoints accept GET only → 405", async () => {
    expectScimError(await scim("POST", "/Schemas", { body: {} }), 405);
    expectScimError(await scim("PATCH", "/ServiceProviderConfig", { body: {} }), 405);
    expectScimError(await scim("DELETE", "/ResourceTypes/User"), 405);
  });
});
