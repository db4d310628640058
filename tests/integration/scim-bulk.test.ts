// POST /Bulk (RFC 7644 §3.7): bulkId references (a group naming users created in the same request, even
// listed before them), failOnErrors, maxOperations and maxPayloadSize (413), per-operation status, location,
// version and error bodies; every operation goes through the single-request rules (last-owner guard,
// workspace isolation, If-Match from `version`) and is logged as its own provisioning event.
import { describe, expect, it } from "vitest";
import { GROUP, PATCH_OP, scim, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { createUser, expectScimError } from "../support/scim-resources";

const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
const bulk = (Operations: unknown[], extra: Record<string, unknown> = {}) => ({
  schemas: [BULK_REQUEST],
  Operations,
  ...extra,
});
const userOp = (bulkId: string, userName = `b.${uid()}@example.test`) => ({
  method: "POST",
  path: "/Users",
  bulkId,
  data: { schemas: [USER], userName },
});

describe("SCIM Bulk", () => {
  it("is advertised as it is enforced", async () => {
    const { api } = await newWorkspace();
    expect((await api.get("/ServiceProviderConfig")).body.bulk).toEqual({
      supported: true,
      maxOperations: 1000,
      maxPayloadSize: 1048576,
    });
  });

  it("creates a group referencing users of the same request (listed before them, bulkId: in member values)", async () => {
    const { api, db, workspace } = await newWorkspace();
    const events = await db.provisioningEvent.count({ where: { workspaceId: workspace.id } });
    const res = await api.post(
      "/Bulk",
      bulk([
        {
          method: "POST",
          path: "/Groups",
          bulkId: "g",
          data: {
            schemas: [GROUP],
            displayName: `Team ${uid()}`,
            members: [{ value: "bulkId:alice" }, { value: "bulkId:bob" }],
          },
        },
        userOp("alice"),
        userOp("bob"),
        {
          method: "PATCH",
          path: "/Users/bulkId:alice",
          data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "Lead" }] },
        },
      ]),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/scim+json");
    expect(res.body.schemas).toEqual([BULK_RESPONSE]);
    const ops = res.body.Operations as {
      method: string;
      bulkId?: string;
      status: string;
      location?: string;
      version?: string;
    }[];
    expect(ops.map((o) => [o.method, o.bulkId, o.status])).toEqual([
      ["POST", "g", "201"],
      ["POST", "alice", "201"],
      ["POST", "bob", "201"],
      ["PATCH", undefined, "200"],
    ]);
    const idOf = (bulkId: string) =>
      ops
        .find((o) => o.bulkId === bulkId)!
        .location!.split("/")
        .pop()!;
    for (const o of ops) expect(o.version).toMatch(/^W\/"\d+"$/);
    expect(ops[1].location).toMatch(/\/scim\/v2\/Users\/[^/]+$/);
    const group = await api.get(`/Groups/${idOf("g")}`);
    expect(group.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [idOf("alice"), idOf("bob")].sort(),
    );
    expect((await api.get(`/Users/${idOf("alice")}`)).body.title).toBe("Lead");
    expect(ops[3].location).toBe(ops[1].location);
    // one provisioning event per operation, none for the envelope
    const logged = (
      await db.provisioningEvent.findMany({
        where: { workspaceId: workspace.id },
        orderBy: { createdAt: "asc" },
        skip: events,
      })
    ).filter((e) => e.method !== "GET");
    expect(logged.map((e) => [e.method, e.status, e.resourceType]).sort()).toEqual(
      [
        ["PATCH", 200, "User"],
        ["POST", 201, "Group"],
        ["POST", 201, "User"],
        ["POST", 201, "User"],
      ].sort(),
    );
    expect(logged.every((e) => e.detail?.includes("bulk operation"))).toBe(true);
  });

  it("reports each failed operation with its status and SCIM error; failOnErrors stops after that many", async () => {
    const { api } = await newWorkspace();
    const taken = await createUser(api);
    const all = await api.post(
      "/Bulk",
      bulk([
        userOp("dup", taken.userName),
        { method: "DELETE", path: "/Users/does-not-exist" },
        {
          method: "POST",
          path: "/Groups",
          bulkId: "g",
          data: { schemas: [GROUP], displayName: `G ${uid()}`, members: [{ value: "bulkId:dup" }] },
        },
        userOp("ok"),
      ]),
    );
    expect(all.status).toBe(200);
    const [dup, missing, group, ok] = all.body.Operations;
    expect(dup).toMatchObject({ bulkId: "dup", status: "409", response: { status: "409", scimType: "uniqueness" } });
    expect(dup.location).toBeUndefined();
    expect(missing).toMatchObject({ method: "DELETE", status: "404", response: { status: "404" } });
    expect(group).toMatchObject({ bulkId: "g", status: "409", response: { scimType: "invalidValue" } });
    expect(ok).toMatchObject({ bulkId: "ok", status: "201" });

    const stopped = await api.post(
      "/Bulk",
      bulk([userOp("a", taken.userName), userOp("b"), userOp("c")], { failOnErrors: 1 }),
    );
    expect(stopped.body.Operations.map((o: { status: string }) => o.status)).toEqual(["409"]);
    const two = await api.post(
      "/Bulk",
      bulk([userOp("a", taken.userName), userOp("b"), userOp("c", taken.userName), userOp("d")], { failOnErrors: 2 }),
    );
    expect(two.body.Operations.map((o: { status: string }) => o.status)).toEqual(["409", "201", "409"]);
  });

  it("refuses more than maxOperations and more than maxPayloadSize with a SCIM 413; malformed envelopes with 400", async () => {
    const { api, db, workspace } = await newWorkspace();
    expectScimError(await api.post("/Bulk", bulk(Array.from({ length: 1001 }, (_, i) => userOp(`u${i}`)))), 413);
    const big = JSON.stringify(bulk([userOp("x", `${"y".repeat(1024 * 1024)}@example.test`)]));
    expectScimError(
      await api.post("/Bulk", undefined, { rawBody: big, headers: { "Content-Type": "application/scim+json" } }),
      413,
    );
    expectScimError(await api.post("/Bulk", { schemas: [BULK_REQUEST] }), 400, "invalidSyntax");
    expectScimError(
      await api.post("/Bulk", bulk([{ method: "POST", path: "/Users", data: { userName: "no-bulk-id" } }])),
      400,
      "invalidValue",
    );
    expectScimError(await api.post("/Bulk", bulk([userOp("same"), userOp("same")])), 400, "uniqueness");
    expectScimError(await api.get("/Bulk"), 405);
    expect(await db.member.count({ where: { workspaceId: workspace.id } })).toBe(1); // only the owner
  });

  it("version is If-Match: a stale one is 412 for that operation only", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const replace = (title: string) => ({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "title", value: title }],
    });
    const res = await api.post(
      "/Bulk",
      bulk([
        { method: "PATCH", path: `/Users/${u.id}`, version: 'W/"1"', data: replace("first") },
        { method: "PATCH", path: `/Users/${u.id}`, version: 'W/"1"', data: replace("stale") },
      ]),
    );
    expect(res.body.Operations.map((o: { status: string }) => o.status)).toEqual(["200", "412"]);
    expect(res.body.Operations[0].version).toBe('W/"2"');
    expect((await api.get(`/Users/${u.id}`)).body.title).toBe("first");
  });

  it("keeps the single-request rules: another workspace's resources are 404, the last owner cannot be removed", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const theirs = await createUser(b.api);
    const res = await a.api.post(
      "/Bulk",
      bulk([
        {
          method: "PATCH",
          path: `/Users/${theirs.id}`,
          data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] },
        },
        { method: "DELETE", path: `/Users/${theirs.id}` },
        { method: "DELETE", path: `/Users/${a.owner.id}` },
        { method: "PUT", path: `/Groups/${uid()}`, data: { schemas: [GROUP], displayName: "x" } },
      ]),
    );
    expect(res.body.Operations.map((o: { status: string }) => o.status)).toEqual(["404", "404", "409", "404"]);
    expect((await b.api.get(`/Users/${theirs.id}`)).body.active).toBe(true);
    expect(await a.db.member.findUnique({ where: { id: a.owner.id } })).not.toBeNull();
    // and it needs a valid token like every other request
    expectScimError(await scim("POST", "/Bulk", { token: "nope", body: bulk([userOp("x")]) }), 401);
  });
});
