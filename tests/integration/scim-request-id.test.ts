// Request ids: every SCIM answer carries X-Request-Id — successes, errors (before and after
// authentication, routing, body parsing) and discovery documents; a client's sane id (X-Request-Id or
// Entra's client-request-id) is echoed, anything else replaced; the provisioning event stores the id, so
// an admin can find a client's request in the log.
import { describe, expect, it } from "vitest";
import { scim, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";

const GENERATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const user = () => ({ schemas: [USER], userName: `r.${uid()}@example.test` });

describe("X-Request-Id", () => {
  it("is on every answer: success, errors and discovery", async () => {
    const { api, token } = await newWorkspace();
    const created = await api.post("/Users", user());
    const answers = [
      created,
      await api.get(`/Users/${created.body.id}`),
      await api.get(`/Users/${created.body.id}`, { headers: { "If-None-Match": created.headers.get("etag")! } }), // 304
      await api.delete(`/Users/${created.body.id}`), // 204
      await api.get("/Users/no-such-user"), // 404
      await api.post("/Users", {}), // 400
      await scim("POST", "/Users", { token, rawBody: "{not json" }), // 400 invalidSyntax
      await scim("GET", "/Users", { token: null }), // 401
      await scim("GET", "/Users", { token: "scim_nonsense" }), // 401
      await api.get("/Nowhere"), // 404 path
      await api.put("/Users", user()), // 405
      await scim("GET", "/ServiceProviderConfig"),
      await scim("GET", "/Schemas"),
      await scim("GET", "/ResourceTypes/User"),
      await scim("GET", "/Schemas/urn:nope"), // discovery 404
      await scim("POST", "/Schemas"), // discovery 405
      await api.post("/Bulk", {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [{ method: "POST", path: "/Users", bulkId: "a", data: user() }],
      }),
    ];
    const statuses = answers.map((a) => a.status);
    expect(statuses).toEqual([201, 200, 304, 204, 404, 400, 400, 401, 401, 404, 405, 200, 200, 200, 404, 405, 200]);
    for (const a of answers) expect(a.headers.get("x-request-id"), `status ${a.status}`).toMatch(GENERATED);
    // one id per request
    expect(new Set(answers.map((a) => a.headers.get("x-request-id"))).size).toBe(answers.length);
  });

  it("a plan refusal carries it too", async () => {
    const { api } = await newWorkspace({ plan: "pro" });
    const refused = await api.get("/Users");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-request-id")).toMatch(GENERATED);
  });

  it("echoes a sane incoming X-Request-Id or client-request-id", async () => {
    const { api } = await newWorkspace();
    const own = `Req.${uid()}_1-x`;
    expect((await api.get("/Users", { headers: { "X-Request-Id": own } })).headers.get("x-request-id")).toBe(own);
    const entra = crypto.randomUUID();
    expect((await api.get("/Users", { headers: { "client-request-id": entra } })).headers.get("x-request-id")).toBe(
      entra,
    );
    // X-Request-Id wins over client-request-id; errors echo it as well
    const both = await api.get("/Users/nobody", { headers: { "X-Request-Id": own, "client-request-id": entra } });
    expect(both.status).toBe(404);
    expect(both.headers.get("x-request-id")).toBe(own);
    expect(
      (await scim("GET", "/ServiceProviderConfig", { headers: { "X-Request-Id": own } })).headers.get("x-request-id"),
    ).toBe(own);
  });

  it("replaces an insane one (too long, spaces, other characters)", async () => {
    const { api } = await newWorkspace();
    for (const bad of ["x".repeat(65), "has space", "semi;colon", "tab\tinside", "a/b", "ünïcode", ""]) {
      const res = await api.get("/Users", { headers: { "X-Request-Id": bad } });
      expect(res.headers.get("x-request-id"), JSON.stringify(bad)).toMatch(GENERATED);
    }
    // 64 characters is still fine
    const max = "a".repeat(64);
    expect((await api.get("/Users", { headers: { "X-Request-Id": max } })).headers.get("x-request-id")).toBe(max);
  });

  it("is stored on the provisioning event, also for refused requests and bulk operations", async () => {
    const { api, db, workspace } = await newWorkspace();
    const own = `evt-${uid()}`;
    const created = await api.post("/Users", user(), { headers: { "X-Request-Id": own } });
    expect(created.status).toBe(201);
    const missing = await api.get("/Users/nobody");
    const bulk = await api.post(
      "/Bulk",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [
          { method: "POST", path: "/Users", bulkId: "a", data: user() },
          { method: "DELETE", path: "/Users/nobody" },
        ],
      },
      { headers: { "client-request-id": `bulk-${own}` } },
    );
    expect(bulk.status).toBe(200);
    const events = await db.provisioningEvent.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.find((e) => e.resourceId === created.body.id && e.method === "POST")?.requestId).toBe(own);
    expect(
      events.find((e) => e.path.endsWith("/Users/nobody") && e.status === 404 && !e.detail?.includes("bulk"))
        ?.requestId,
    ).toBe(missing.headers.get("x-request-id"));
    // every operation of a bulk request is logged with the bulk request's id
    const ops = events.filter((e) => e.requestId === `bulk-${own}`);
    expect(ops.map((e) => e.status).sort()).toEqual([201, 404]);
  });

  it("a revoked token's refused request is logged with its id", async () => {
    const { api, db, workspace, tokenRow } = await newWorkspace();
    await db.scimToken.update({ where: { id: tokenRow.id }, data: { revokedAt: new Date() } });
    const refused = await api.get("/Users", { headers: { "X-Request-Id": "revoked-1" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toBe("revoked-1");
    const event = await db.provisioningEvent.findFirst({ where: { workspaceId: workspace.id, status: 401 } });
    expect(event?.requestId).toBe("revoked-1");
  });
});
