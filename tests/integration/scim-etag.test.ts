// ETags (RFC 7644 §3.14): every single-resource response carries its weak validator, If-None-Match on GET
// answers 304, If-Match on PUT/PATCH/DELETE applies the write only to that version (412 otherwise), and of
// concurrent writers holding the same ETag exactly one wins — on both databases.
import { describe, expect, it } from "vitest";
import { GROUP, patchOps, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { expectScimError } from "../support/scim-resources";

const user = () => ({ schemas: [USER], userName: `e.${uid()}@example.test`, active: true });

describe("ETags", () => {
  it("ServiceProviderConfig says they are supported", async () => {
    const { api } = await newWorkspace();
    expect((await api.get("/ServiceProviderConfig")).body.etag).toEqual({ supported: true });
  });

  for (const kind of ["Users", "Groups"] as const) {
    const body = kind === "Users" ? user : () => ({ schemas: [GROUP], displayName: `G ${uid()}` });
    const change =
      kind === "Users"
        ? { op: "replace", path: "title", value: "Engineer" }
        : { op: "replace", path: "displayName", value: `Renamed ${uid()}` };

    it(`${kind}: ETag headers match meta.version; If-None-Match gives 304 until it changes`, async () => {
      const { api } = await newWorkspace();
      const created = await api.post(`/${kind}`, body());
      expect(created.status).toBe(201);
      const v1 = created.headers.get("etag");
      expect(v1).toBe(created.body.meta.version);
      expect(v1).toMatch(/^W\/"\d+"$/);
      const got = await api.get(`/${kind}/${created.body.id}`);
      expect(got.headers.get("etag")).toBe(v1);
      const same = await api.get(`/${kind}/${created.body.id}`, { headers: { "If-None-Match": v1! } });
      expect(same.status).toBe(304);
      expect(same.text).toBe("");
      expect(same.headers.get("etag")).toBe(v1);
      expect((await api.get(`/${kind}/${created.body.id}`, { headers: { "If-None-Match": "*" } })).status).toBe(304);
      const patched = await api.patch(`/${kind}/${created.body.id}`, patchOps(change));
      const v2 = patched.headers.get("etag");
      expect(v2).not.toBe(v1);
      const after = await api.get(`/${kind}/${created.body.id}`, { headers: { "If-None-Match": v1! } });
      expect(after.status).toBe(200);
      expect(after.body.meta.version).toBe(v2);
    });

    it(`${kind}: If-Match applies a write only to the named version; 412 otherwise, nothing changed`, async () => {
      const { api } = await newWorkspace();
      const created = await api.post(`/${kind}`, body());
      const id = created.body.id as string;
      const v1 = created.headers.get("etag")!;
      const ok = await api.patch(`/${kind}/${id}`, patchOps(change), { headers: { "If-Match": v1 } });
      expect(ok.status, ok.text).toBe(kind === "Users" ? 200 : 204);
      const v2 = ok.headers.get("etag")!;
      const before = await api.get(`/${kind}/${id}`);
      // stale: PATCH, PUT and DELETE are refused and change nothing
      expectScimError(await api.patch(`/${kind}/${id}`, patchOps(change), { headers: { "If-Match": v1 } }), 412);
      const putBody =
        kind === "Users"
          ? { ...user(), userName: before.body.userName, title: "Other" }
          : { schemas: [GROUP], displayName: `Other ${uid()}` };
      expectScimError(
        await api.put(`/${kind}/${id}`, putBody, { headers: { "If-Match": `"${v1.slice(3, -1)}"` } }),
        412,
      );
      expectScimError(await api.delete(`/${kind}/${id}`, { headers: { "If-Match": `W/"999999"` } }), 412);
      expectScimError(await api.delete(`/${kind}/${id}`, { headers: { "If-Match": "not-an-etag" } }), 412);
      const unchanged = await api.get(`/${kind}/${id}`);
      expect(unchanged.body).toEqual(before.body);
      // a list of tags matches when one does; * matches any existing resource
      expect((await api.put(`/${kind}/${id}`, putBody, { headers: { "If-Match": `W/"1", ${v2}` } })).status).toBe(200);
      expect((await api.delete(`/${kind}/${id}`, { headers: { "If-Match": "*" } })).status).toBe(204);
      expectScimError(await api.delete(`/${kind}/${id}`, { headers: { "If-Match": "*" } }), 404);
    });

    it(`${kind}: of concurrent writers with the same ETag exactly one wins`, async () => {
      const { api } = await newWorkspace();
      const created = await api.post(`/${kind}`, body());
      const id = created.body.id as string;
      const etag = created.headers.get("etag")!;
      const writers = Array.from({ length: 6 }, (_, i) =>
        api.patch(
          `/${kind}/${id}`,
          patchOps(
            kind === "Users"
              ? { op: "replace", path: "title", value: `T${i}` }
              : { op: "replace", path: "displayName", value: `Race ${i} ${uid()}` },
          ),
          { headers: { "If-Match": etag } },
        ),
      );
      const statuses = (await Promise.all(writers)).map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 412)).toHaveLength(5);
      expect(statuses.filter((s) => s === 200 || s === 204)).toHaveLength(1);
      const after = await api.get(`/${kind}/${id}`);
      expect(after.body.meta.version).toBe(`W/"${Number(etag.slice(3, -1)) + 1}"`);
    });
  }

  it("requests without If-Match keep working as before (Entra and Okta never send it)", async () => {
    const { api } = await newWorkspace();
    const created = await api.post("/Users", user());
    expect(
      (await api.patch(`/Users/${created.body.id}`, patchOps({ op: "replace", path: "active", value: false }))).status,
    ).toBe(200);
    expect((await api.delete(`/Users/${created.body.id}`)).status).toBe(204);
  });
});
