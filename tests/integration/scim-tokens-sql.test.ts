// SCIM tokens on the driver-level hot path (lib/db/sql.ts): revocation takes effect at once, through the real
// handler on the configured database.
import { describe, it, expect } from "vitest";
import { revokeToken } from "@/lib/services/tokens";
import { client } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { expectScimError } from "../support/scim-resources";

describe("SCIM tokens on the driver-level path", () => {
  it("refuses a revoked token on the very next request", async () => {
    const { api, workspace, tokenRow } = await newWorkspace();
    expect((await api.get("/Users?count=1")).status).toBe(200);
    await revokeToken(workspace.id, tokenRow.id);
    const after = await api.get("/Users?count=1");
    expectScimError(after, 401);
    expect(after.body.detail).toMatch(/revoked/);
  });

  it("refuses an unknown token and a workspace below the Enterprise plan", async () => {
    const { api } = await newWorkspace({ plan: "pro" });
    expectScimError(await api.get("/Users"), 403);
    const right = await newWorkspace();
    expectScimError(await client(right.token.slice(0, -4) + "AAAA").get("/Users"), 401);
  });

  it("records when a token was last used", async () => {
    const { api, db, tokenRow } = await newWorkspace();
    const before = Date.now();
    await api.get("/Users?count=1");
    const after = Date.now();
    // written in the background: poll with a deadline, then check it is the time of the request
    await expect
      .poll(async () => (await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } })).lastUsedAt, {
        timeout: 10_000,
        interval: 20,
      })
      .not.toBeNull();
    const t = await db.scimToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(t.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(t.lastUsedAt!.getTime()).toBeLessThanOrEqual(after);
  });
});
