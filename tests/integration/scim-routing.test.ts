// SCIM routing and request bodies over HTTP: paths, methods, content types and malformed bodies, on the real handler.
import { describe, expect, it } from "vitest";
import { GROUP, patchOps, scim } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, expectList, expectScimError, guid, q, userBody } from "../support/scim-resources";

describe("routing and request bodies", () => {
  it("resource paths are case-insensitive and tolerate trailing slashes; unknown query params are ignored", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, { displayName: "BobIsAmazing" });
    const g = await createGroup(api, "Routed", [u.id]);
    expect((await api.get("/users")).body.totalResults).toBe(2);
    expect((await api.get("/GROUPS")).body.totalResults).toBe(1);
    expect((await api.get(`/users/${u.id}`)).body.id).toBe(u.id);
    expect((await api.get(`/Users/${u.id}/`)).body.id).toBe(u.id);
    expect((await api.get(`/groups/${g.id}/`)).body.id).toBe(g.id);
    const slash = await api.get(`/Users/?filter=DisplayName+eq+%22BobIsAmazing%22`);
    expectList(slash, 1, 1);
    expect(slash.body.Resources[0].id).toBe(u.id);
    expectList(await api.get(`/Users?aadOptscim062020&filter=${q('displayName eq "bobisamazing"')}`), 1, 1);
    expectList(await api.get(`/Users?aadOptSCIM062020=true&foo=bar&count=5`), 2, 2);
    const created = await api.post("/users/", userBody());
    expect(created.status).toBe(201);
  });

  it("unknown endpoints → 404 SCIM error; wrong methods → 405; ids are case-sensitive", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    expectScimError(await api.get("/Foo"), 404);
    expectScimError(await api.get("/Bulk"), 405); // POST only (scim-bulk.test.ts)
    expectScimError(await api.post("/Bulk/x", {}), 404);
    expectScimError(await api.get(`/Users/${u.id}/groups`), 404);
    expectScimError(await api.get(""), 404);
    expectScimError(await api.get(`/Users/${u.id.toUpperCase()}`), 404);
    expectScimError(await api.delete("/Users"), 405);
    expectScimError(await api.put("/Groups", {}), 405);
    expectScimError(await api.patch("/Users", patchOps()), 405);
    expectScimError(await api.post(`/Users/${u.id}`, userBody()), 405);
  });

  it("ids with characters that need escaping, and malformed percent-encoding, answer 404 (never a crash)", async () => {
    const { api } = await newWorkspace();
    expectScimError(await api.get("/Users/100%"), 404);
    expectScimError(await api.get("/Users/%E0%A4%A"), 404);
    expectScimError(await api.get("/Groups/a%2Fb"), 404);
    expectScimError(await api.delete("/Users/%ZZ"), 404);
    expectScimError(await api.get("/Users/'%20OR%201=1--"), 404);
  });

  it("body > 1 MB → 413; invalid or empty JSON → 400 invalidSyntax; text/plain JSON is parsed", async () => {
    const { api, token } = await newWorkspace();
    const huge = userBody({ title: "x".repeat(1024 * 1024 + 10) });
    const big = await api.post("/Users", huge);
    expectScimError(big, 413);
    const bigPatch = await scim("PATCH", `/Users/${guid()}`, {
      token,
      rawBody: JSON.stringify(patchOps({ op: "add", path: "title", value: "y".repeat(1_100_000) })),
    });
    expectScimError(bigPatch, 413);
    const junk = await scim("POST", "/Users", {
      token,
      rawBody: '{"userName": "x", ',
      headers: { "Content-Type": "application/scim+json" },
    });
    expectScimError(junk, 400, "invalidSyntax");
    const empty = await scim("POST", "/Users", { token, rawBody: "", headers: { "Content-Type": "application/json" } });
    expectScimError(empty, 400, "invalidSyntax");
    expectScimError(await scim("POST", "/Groups", { token, rawBody: "[1,2]" }), 400, "invalidSyntax");
    const body = userBody();
    const plain = await scim("POST", "/Users", {
      token,
      rawBody: JSON.stringify(body),
      headers: { "Content-Type": "text/plain" },
    });
    expect(plain.status, plain.text).toBe(201);
    expect(plain.body.userName).toBe(body.userName);
    const none = await scim("POST", "/Groups", { token, rawBody: JSON.stringify({ displayName: "No type" }) });
    expect(none.status, none.text).toBe(201);
    expectScimError(await api.post("/Users", { name: { givenName: "No userName" } }), 400, "invalidValue");
    expectScimError(await api.post("/Groups", { members: [] }), 400, "invalidValue");
    expectScimError(
      await api.patch(`/Users/${plain.body.id}`, { Operations: [{ op: "frobnicate", path: "title", value: "x" }] }),
      400,
      "invalidSyntax",
    );
    expectScimError(await api.patch(`/Users/${plain.body.id}`, { schemas: [] }), 400, "invalidSyntax");
  });

  it("duplicate group displayName in any case → 409 uniqueness (POST, PATCH rename, PUT); duplicate userName → 409", async () => {
    const { api } = await newWorkspace();
    const a = await createGroup(api, "Engineering");
    const b = await createGroup(api, "Sales");
    const dup = await api.post("/Groups", { schemas: [GROUP], displayName: "ENGINEERING" });
    expectScimError(dup, 409, "uniqueness");
    expect(dup.body.detail).toContain("ENGINEERING");
    expectScimError(
      await api.patch(`/Groups/${b.id}`, patchOps({ op: "replace", path: "displayName", value: "engineering" })),
      409,
      "uniqueness",
    );
    expectScimError(await api.put(`/Groups/${b.id}`, { displayName: "Engineering" }), 409, "uniqueness");
    expect((await api.get(`/Groups/${b.id}`)).body.displayName).toBe("Sales");
    // renaming a group to its own name in another case is fine
    expect(
      (await api.patch(`/Groups/${a.id}`, patchOps({ op: "replace", path: "displayName", value: "ENGINEERING" })))
        .status,
    ).toBe(204);
    const u = await createUser(api);
    expectScimError(await api.post("/Users", userBody({ userName: u.userName.toUpperCase() })), 409, "uniqueness");
    const other = await createUser(api);
    expectScimError(
      await api.patch(`/Users/${other.id}`, patchOps({ op: "replace", path: "userName", value: u.userName })),
      409,
      "uniqueness",
    );
  });
});
