// SCIM authentication, the plan gate and the provisioning log over HTTP, on the real handler and database.
import { describe, expect, it } from "vitest";
import { createToken, revokeToken } from "@/lib/services/tokens";
import { handleScim } from "@/lib/scim-http/handler";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";
import { BASE, client, patchOps, scim } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { expectScimError, guid, q, userBody } from "../support/scim-resources";

describe("authentication, plan and the provisioning log", () => {
  it("a non-Enterprise workspace → 403 with a detail naming the Enterprise plan (and it is logged)", async () => {
    for (const plan of ["free", "pro"] as const) {
      const { api, db, workspace } = await newWorkspace({ plan });
      const res = await api.get("/Users");
      expectScimError(res, 403);
      expect(res.body.detail).toMatch(/Enterprise plan/);
      expectScimError(await api.post("/Users", userBody()), 403);
      expect(await db.member.count({ where: { workspaceId: workspace.id } })).toBe(1);
      const events = await db.provisioningEvent.findMany({ where: { workspaceId: workspace.id } });
      expect(events.map((e) => e.status)).toEqual([403, 403]);
    }
  });

  it("revoked, expired, unknown and malformed tokens → 401; revoked/expired requests are logged for the workspace", async () => {
    const { db, workspace, tokenRow, token, api } = await newWorkspace();
    expect((await api.get("/Users")).status).toBe(200);
    await revokeToken(workspace.id, tokenRow.id);
    const revoked = await api.get("/Users");
    expectScimError(revoked, 401);
    expect(revoked.body.detail).toMatch(/revoked/i);

    const second = await createToken(workspace.id, { label: "Okta", expiresInDays: 30 });
    const okta = client(second.secret);
    expect((await okta.get("/Groups")).status).toBe(200);
    await db.scimToken.update({ where: { id: second.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await okta.get("/Groups");
    expectScimError(expired, 401);
    expect(expired.body.detail).toMatch(/expired/i);

    expectScimError(await scim("GET", "/Users", { token: "scim_0123456789_" + "A".repeat(43) }), 401);
    expectScimError(await scim("GET", "/Users", { token: token + "x" }), 401);
    expectScimError(
      await scim("GET", "/Users", { headers: { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }),
      401,
    );
    expectScimError(await scim("GET", "/Users", { headers: { Authorization: "Bearer" } }), 401);

    // compared as a set (two requests can share a millisecond, so createdAt does not order them)
    const events = await db.provisioningEvent.findMany({ where: { workspaceId: workspace.id } });
    const pair = (status: number, tokenId: string | null) => `${status} ${tokenId}`;
    expect(events.map((e) => pair(e.status, e.tokenId)).sort()).toEqual(
      [pair(200, tokenRow.id), pair(401, tokenRow.id), pair(200, second.token.id), pair(401, second.token.id)].sort(),
    );
    expect(events.find((e) => e.status === 401 && e.tokenId === tokenRow.id)?.detail).toMatch(/revoked/i);
    expect(events.find((e) => e.status === 401 && e.tokenId === second.token.id)?.detail).toMatch(/expired/i);
  });

  it("every request writes exactly one ProvisioningEvent with status, scimType, detail, durationMs — and no secrets", async () => {
    const { api, db, workspace, token, tokenRow } = await newWorkspace();
    const password = `pw-${guid()}`;
    const calls: { status: number; scimType?: string }[] = [];
    const track = async (p: Promise<{ status: number; body: { scimType?: string } }>) => {
      const r = await p;
      calls.push({ status: r.status, scimType: r.status >= 400 ? r.body.scimType : undefined });
      return r;
    };
    const u = await track(api.post("/Users", userBody({ password, externalId: "ext-log" })));
    const id = (u as unknown as { body: { id: string } }).body.id;
    await track(
      api.post(
        "/Users",
        userBody({ userName: (u as unknown as { body: { userName: string } }).body.userName, password }),
      ),
    );
    await track(api.get(`/Users/${id}`));
    await track(api.get(`/Users?filter=${q('userName eq "nobody"')}`));
    await track(api.get(`/Users?filter=${q("userName eq")}`));
    await track(api.patch(`/Users/${id}`, patchOps({ op: "replace", value: { password } })));
    await track(api.put(`/Users/${id}`, { userName: "renamed@example.com", password }));
    await track(api.get(`/Users/${guid()}`));
    await track(api.post("/Groups", { displayName: "Logged" }));
    await track(api.delete("/Users"));
    await track(api.get("/Nope"));
    await track(api.delete(`/Users/${id}`));

    const events = await db.provisioningEvent.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events).toHaveLength(calls.length);
    // events of one workspace are written in request order; compare as multisets to be safe on ties
    const key = (s: number, t?: string | null) => `${s}:${t ?? ""}`;
    expect(events.map((e) => key(e.status, e.scimType)).sort()).toEqual(
      calls.map((c) => key(c.status, c.scimType)).sort(),
    );
    for (const e of events) {
      expect(e.tokenId).toBe(tokenRow.id);
      expect(e.tokenLabel).toBe("Entra ID");
      expect(Number.isInteger(e.durationMs)).toBe(true);
      expect(e.path).toMatch(/^\/scim\/v2\//);
      if (e.status >= 400) expect(e.detail?.length).toBeGreaterThan(5);
      else expect(e.detail).toBeNull();
    }
    const conflict = events.find((e) => e.status === 409)!;
    expect(conflict).toMatchObject({ method: "POST", resourceType: "User", scimType: "uniqueness" });
    const created = events.find((e) => e.status === 201 && e.resourceType === "User")!;
    expect(created).toMatchObject({ method: "POST", resourceId: id, externalId: "ext-log" });
    expect(events.find((e) => e.status === 400)).toMatchObject({
      scimType: "invalidFilter",
      query: "filter=userName eq",
    });
    expect(events.find((e) => e.method === "DELETE" && e.status === 204)).toMatchObject({
      resourceId: id,
      userName: "renamed@example.com",
    });

    const secretPart = token.split("_").slice(2).join("_"); // (the secret itself may contain "_")
    for (const e of events) {
      const text = JSON.stringify(e);
      expect(text).not.toContain(secretPart);
      expect(text).not.toContain(token);
      expect(text).not.toContain(tokenRow.secretHash);
      expect(text).not.toContain(password);
    }
  });

  it("durationMs is the time the request took: a body that arrives 120 ms late is logged as at least that long", async () => {
    const { db, workspace, token } = await newWorkspace();
    const DELAY = 120;
    // The body stream's first read waits DELAY ms, and the handler reads the body only after it started
    // its clock, so the request cannot take less than DELAY (minus a timer's 1 ms rounding).
    const body = new TextEncoder().encode(JSON.stringify(userBody({ externalId: "ext-slow" })));
    let sent = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (sent) return controller.close();
          await new Promise((r) => setTimeout(r, DELAY));
          controller.enqueue(body);
          sent = true;
        },
      },
      { highWaterMark: 0 },
    );
    const req = new Request(`${BASE}/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const t0 = performance.now();
    const res = await handleScim(req, ["Users"]);
    const elapsed = performance.now() - t0;
    expect(res.status, await res.clone().text()).toBe(201);
    await flushProvisioningLog();
    const [event] = await db.provisioningEvent.findMany({ where: { workspaceId: workspace.id } });
    expect(event).toMatchObject({ method: "POST", status: 201, externalId: "ext-slow" });
    expect(event.durationMs).toBeGreaterThanOrEqual(DELAY - 1);
    expect(event.durationMs).toBeLessThanOrEqual(Math.ceil(elapsed));
  });

  it("the token's lastUsedAt is set after use", async () => {
    const { api, db, tokenRow } = await newWorkspace();
    expect(tokenRow.lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await api.get("/Users")).status).toBe(200);
    const after = Date.now();
    // written without blocking the request: poll with a deadline
    await expect
      .poll(async () => (await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } })).lastUsedAt, {
        timeout: 10_000,
        interval: 20,
      })
      .not.toBeNull();
    const { lastUsedAt } = await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    // the time of the request (taken while it was served)
    expect(lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(lastUsedAt!.getTime()).toBeLessThanOrEqual(after);
  });
});
