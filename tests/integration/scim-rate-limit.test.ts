// SCIM rate limiting per token over HTTP, on the real handler.
import { describe, expect, it } from "vitest";
import { newWorkspace } from "../support/workspace";
import { ERROR } from "../support/scim-resources";
import { resetConfig } from "@/lib/config";

describe("rate limiting", () => {
  it("answers 429 with Retry-After and a SCIM error once a token exceeds its limit, and logs it", async () => {
    const { api, db, workspace } = await newWorkspace();
    // One request per 1,000 s refills the bucket: however slow the machine, nothing refills during the
    // test, so the sequence is exact (no wall-clock dependence).
    process.env.SCIM_RATE_LIMIT_RPS = "0.001";
    process.env.SCIM_RATE_LIMIT_BURST = "3";
    resetConfig();
    try {
      const statuses: number[] = [];
      let limited;
      for (let i = 0; i < 5; i++) {
        const r = await api.get("/Users?count=1");
        statuses.push(r.status);
        if (r.status === 429) limited = r;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // the bucket is empty: the next token comes in 1 / 0.001 s
      expect(Number(limited!.headers.get("retry-after"))).toBe(1000);
      expect(limited!.body).toMatchObject({ schemas: [ERROR], status: "429" });
      expect(limited!.body.detail).toMatch(/retry after 1000 s/);
      expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id, status: 429 } })).toBe(2);
    } finally {
      delete process.env.SCIM_RATE_LIMIT_RPS;
      delete process.env.SCIM_RATE_LIMIT_BURST;
      resetConfig();
    }
  });
});
