// SCIM tokens on the driver-level hot path (lib/db/sql.ts): revocation takes effect at once, through the real
// handler on the configured database, also when requests share their token's read (token-reads.ts).
import { describe, it, expect } from "vitest";
import { revokeToken, verifyBearer } from "@/lib/services/tokens";
import { client } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { expectScimError } from "../support/scim-resources";
import { watched } from "../support/watched-sql";

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

  describe.runIf(process.env.TEST_DB === "postgres")("shared token reads (PostgreSQL)", () => {
    it("requests that check at the same moment share one read, and each is checked against its own secret", async () => {
      const a = await newWorkspace();
      const b = await newWorkspace();
      const { sql, seen } = watched();
      const wrong = a.token.slice(0, -4) + (a.token.endsWith("AAAA") ? "BBBB" : "AAAA");
      const checks = await Promise.all([
        ...Array.from({ length: 12 }, () => verifyBearer(sql, `Bearer ${a.token}`)),
        verifyBearer(sql, `Bearer ${wrong}`),
        verifyBearer(sql, `Bearer ${b.token}`),
        verifyBearer(sql, `Bearer scim_zzzzzzzzzz_${"A".repeat(43)}`),
      ]);
      expect(seen.reads).toBe(1);
      for (const c of checks.slice(0, 12)) expect(c).toMatchObject({ ok: true, workspace: { id: a.workspace.id } });
      expect(checks[12]).toMatchObject({ ok: false, reason: "unknown" });
      expect(checks[13]).toMatchObject({ ok: true, workspace: { id: b.workspace.id } });
      expect(checks[14]).toMatchObject({ ok: false, reason: "unknown" });
    });

    it("a request that joins a read still waiting for a connection sees a revocation committed before it asked", async () => {
      const { workspace, tokenRow, token } = await newWorkspace();
      let open!: () => void;
      const { sql, seen } = watched({ gate: new Promise<void>((resolve) => (open = resolve)) });
      const first = verifyBearer(sql, `Bearer ${token}`); // waits at the gate: not sent yet
      await revokeToken(workspace.id, tokenRow.id);
      const next = verifyBearer(sql, `Bearer ${token}`); // asked after the revocation: joins the waiting read
      open();
      expect(await next).toMatchObject({ ok: false, reason: "revoked" });
      expect(await first).toMatchObject({ ok: false, reason: "revoked" });
      expect(seen.reads).toBe(1);
    });

    it("a request that asks once the read was sent waits for a read of its own", async () => {
      const { token, workspace } = await newWorkspace();
      let late: Promise<unknown> | undefined;
      const { sql, seen } = watched({
        beforeSend: () => (late ??= verifyBearer(sql, `Bearer ${token}`)),
      });
      expect(await verifyBearer(sql, `Bearer ${token}`)).toMatchObject({ ok: true });
      expect(await late).toMatchObject({ ok: true, workspace: { id: workspace.id } });
      expect(seen.reads).toBe(2);
    });
  });
});
