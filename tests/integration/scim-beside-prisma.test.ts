// SCIM requests on the driver-level path (lib/db/sql.ts) running beside Prisma transactions (admin UI, SSO,
// invitations), on the configured database.
import { describe, it, expect } from "vitest";
import { newWorkspace, uid } from "../support/workspace";
import { createUser, enterpriseUserBody as userBody } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

describe("SCIM requests beside Prisma transactions (admin UI, SSO, invitations)", () => {
  it("wait for an open Prisma transaction and are never rolled back with it", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const adminTx = db
      .$transaction(async (tx) => {
        await tx.member.update({ where: { id: owner.id }, data: { title: "changed inside" } });
        entered();
        await new Promise((r) => setTimeout(r, 300)); // holds the connection (SQLite) across awaits
        throw new Error("rolled back on purpose");
      })
      .catch((e: Error) => e.message);
    await inside;
    const requests = Array.from({ length: 5 }, () => api.post("/Users", userBody(`${uid()}@example.test`)));
    const results = await Promise.all(requests);
    expect(await adminTx).toBe("rolled back on purpose");
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await db.member.count({ where: { id: { in: results.map((r) => r.body.id) } } })).toBe(5);
    expect((await db.member.findUniqueOrThrow({ where: { id: owner.id } })).title).toBeNull();
    expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id, status: 201 } })).toBe(5);
  });

  it("share the owner rule with the admin UI: racing demotions never leave the workspace without an owner", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const second = await createUser(api);
    await db.member.update({ where: { id: second.id }, data: { role: "owner" } });
    const { otherActiveOwnersIn } = await import("@/lib/services/owners");
    const adminDemotes = db
      .$transaction(async (tx) => {
        if ((await otherActiveOwnersIn(tx, workspace.id, owner.id)) === 0) return "refused";
        await new Promise((r) => setTimeout(r, 100));
        await tx.member.update({ where: { id: owner.id }, data: { role: "member" } });
        return "demoted";
      })
      .catch((e: Error) => e.message);
    const scimSuspends = api.patch(`/Users/${second.id}`, entra.setActive(false));
    const [admin, scim] = await Promise.all([adminDemotes, scimSuspends]);
    expect([admin === "demoted", scim.status === 200].filter(Boolean)).toHaveLength(1);
    expect(await db.member.count({ where: { workspaceId: workspace.id, role: "owner", status: "active" } })).toBe(1);
  });
});
