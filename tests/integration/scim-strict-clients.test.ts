// What strict SCIM clients check (issue 17): the exact Content-Type on every SCIM answer (no charset
// parameter, including errors, 412, 413 and the answers given before the SCIM handler runs), groups whose
// core attributes are nested under the core schema URN, and 400 `mutability` for a PATCH or PUT that tries
// to change `id`, `meta` or a user's `groups` (while what Entra and Okta really send still passes).
import http from "node:http";
import { createRequire } from "node:module";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { GROUP, patchOps, scim, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { createGroup, createUser, expectScimError } from "../support/scim-resources";

const SCIM_JSON = "application/scim+json";

describe("Content-Type is exactly application/scim+json", () => {
  it("on successes, lists, discovery and every kind of error", async () => {
    const { api, token } = await newWorkspace();
    const u = await createUser(api);
    const answers = [
      await api.post("/Users", { schemas: [USER], userName: `c.${uid()}@example.test` }), // 201
      await api.get(`/Users/${u.id}`), // 200
      await api.get("/Users?count=1"), // list
      await api.get("/ServiceProviderConfig"),
      await api.get("/Schemas"),
      await api.get("/ResourceTypes/User"),
      await api.get("/Users/does-not-exist"), // 404
      await api.post("/Users", { schemas: [USER] }), // 400
      await api.post("/Users", { schemas: [USER], userName: u.userName }), // 409
      await api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "title", value: "x" }), {
        headers: { "If-Match": 'W/"999"' },
      }), // 412
      await api.post("/Users", undefined, {
        rawBody: JSON.stringify({ userName: "x".repeat(1024 * 1024 + 10) }),
        headers: { "Content-Type": SCIM_JSON },
      }), // 413
      await scim("GET", "/Users", { token: "wrong" }), // 401
      await scim("GET", "/Users", { token: null }),
      await api.get("/Nope"), // 404 path
      await scim("DELETE", "/Users", { token }), // 405
    ];
    expect(answers.map((a) => a.status)).toEqual([
      201, 200, 200, 200, 200, 200, 404, 400, 409, 412, 413, 401, 401, 404, 405,
    ]);
    for (const a of answers)
      expect(a.headers.get("content-type"), `${a.status} ${a.text.slice(0, 80)}`).toBe(SCIM_JSON);
  });

  it("on the proxy's answer to a malformed percent-escape under /scim/v2", async () => {
    const res = proxy(new NextRequest("http://localhost:3000/scim/v2/Users/100%"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe(SCIM_JSON);
    expect((await res.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  });

  describe("on the TRACE refusal answered before Next (scripts/peer-address.cjs)", () => {
    const server = http.createServer((_req, res) => res.end("reached the app"));
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("SCIM paths get a SCIM error, other paths plain text", async () => {
      createRequire(import.meta.url)("../../scripts/peer-address.cjs");
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      const { port } = server.address() as { port: number };
      const trace = (path: string) =>
        new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
          const req = http.request({ host: "127.0.0.1", port, path, method: "TRACE" }, (res) => {
            let body = "";
            res.on("data", (c) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body }));
          });
          req.on("error", reject);
          req.end();
        });
      const s = await trace("/scim/v2/Users");
      expect(s).toMatchObject({ status: 405, type: SCIM_JSON });
      expect(JSON.parse(s.body)).toMatchObject({ status: "405" });
      expect(await trace("/signin")).toMatchObject({ status: 405, type: "text/plain; charset=utf-8" });
    });
  });
});

describe("groups with core attributes under the core schema URN", () => {
  it("POST and PUT accept them nested under the URN key or fully qualified", async () => {
    const { api } = await newWorkspace();
    const a = await createUser(api);
    const name = `Nested ${uid()}`;
    const created = await api.post("/Groups", {
      schemas: [GROUP],
      [GROUP]: { displayName: name, externalId: "ext-1", members: [{ value: a.id }] },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ displayName: name, externalId: "ext-1", members: [{ value: a.id }] });
    const put = await api.put(`/Groups/${created.body.id}`, {
      schemas: [GROUP],
      [`${GROUP}:displayName`]: `${name} 2`,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.displayName).toBe(`${name} 2`);
    expect(put.body.members).toEqual([]);
    expectScimError(
      await api.post("/Groups", { schemas: [GROUP], [GROUP]: { externalId: "no name" } }),
      400,
      "invalidValue",
    );
  });
});

describe("read-only attributes: 400 mutability, except where Entra and Okta send them", () => {
  it("user PATCH with a path naming id, meta or groups is refused and changes nothing", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const g = await createGroup(api, `G ${uid()}`);
    for (const op of [
      { op: "replace", path: "id", value: "other" },
      { op: "remove", path: "id" },
      { op: "add", path: "meta.resourceType", value: "Group" },
      { op: "replace", path: "meta", value: { version: 'W/"9"' } },
      { op: "add", path: "groups", value: [{ value: g.id }] },
      { op: "replace", path: `${USER}:id`, value: "other" },
    ]) {
      expectScimError(
        await api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "title", value: "changed" }, op)),
        400,
        "mutability",
      );
    }
    const after = await api.get(`/Users/${u.id}`);
    expect(after.body.id).toBe(u.id);
    expect(after.body.title).toBeUndefined();
    expect(after.body.meta.version).toBe('W/"1"');
  });

  it("group PATCH with a path naming id or meta is refused; Okta's path-less rename echoing the id passes", async () => {
    const { api } = await newWorkspace();
    const g = await createGroup(api, `G ${uid()}`);
    expectScimError(
      await api.patch(`/Groups/${g.id}`, patchOps({ op: "replace", path: "id", value: "x" })),
      400,
      "mutability",
    );
    expectScimError(
      await api.patch(`/Groups/${g.id}`, patchOps({ op: "replace", path: "meta.version", value: "x" })),
      400,
      "mutability",
    );
    const okta = await api.patch(
      `/Groups/${g.id}`,
      patchOps({ op: "replace", value: { id: g.id, displayName: "Okta renamed" } }),
    );
    expect(okta.status, okta.text).toBe(204);
    expect((await api.get(`/Groups/${g.id}`)).body.displayName).toBe("Okta renamed");
  });

  it("PUT may repeat the id (Okta, Microsoft's collection) and send meta or groups (ignored), but not change the id", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const same = await api.put(`/Users/${u.id}`, {
      schemas: [USER],
      id: u.id,
      userName: u.userName,
      groups: [],
      meta: { resourceType: "User", created: "2019-09-18T18:15:26Z" },
    });
    expect(same.status, same.text).toBe(200);
    expect(same.body.meta.created).toBe((u.meta as { created: string }).created);
    expectScimError(
      await api.put(`/Users/${u.id}`, { schemas: [USER], id: "other", userName: u.userName, title: "x" }),
      400,
      "mutability",
    );
    expectScimError(
      await api.put(`/Users/${u.id}`, { schemas: [USER], [USER]: { id: "other", userName: u.userName } }),
      400,
      "mutability",
    );
    expect((await api.get(`/Users/${u.id}`)).body.title).toBeUndefined();
    const g = await createGroup(api, `G ${uid()}`);
    expect((await api.put(`/Groups/${g.id}`, { schemas: [GROUP], id: g.id, displayName: "Same id" })).status).toBe(200);
    expectScimError(
      await api.put(`/Groups/${g.id}`, { schemas: [GROUP], id: "other", displayName: "Other id" }),
      400,
      "mutability",
    );
  });
});
