// The last-owner guard-rail over SCIM: a workspace never loses its last active owner, on the real handler and
// database. Run with the deprovisioning guardrail on (the default) and off: without it a suspension takes the
// same optimistic path as any other write (lib/services/scim/users.ts), and owners must still be stopped.
import { describe, expect, it } from "vitest";
import { createManualMember } from "@/lib/services/members";
import { createToken } from "@/lib/services/tokens";
import { client, patchOps } from "../support/scim-client";
import { newWorkspace as newWorkspaceWith, uid } from "../support/workspace";
import { expectList, expectScimError, q } from "../support/scim-resources";
import * as entra from "../fixtures/entra";

type Ws = Awaited<ReturnType<typeof newWorkspaceWith>>;

describe.each([
  ["on", {}],
  ["off", { guardrail: false as const }],
])("last-owner guard-rail (deprovisioning guardrail %s)", (_, opts) => {
  const newWorkspace = () => newWorkspaceWith(opts);

  async function ownerViaScim(ws: Ws) {
    const res = await ws.api.get(`/Users?filter=${q(`userName eq "${ws.owner.email}"`)}`);
    expectList(res, 1, 1);
    return res.body.Resources[0] as { id: string; userName: string };
  }

  it("SCIM cannot suspend or delete the last owner → 409 with a clear detail; nothing changes", async () => {
    const ws = await newWorkspace();
    const { api, db } = ws;
    const owner = await ownerViaScim(ws);
    expect(owner.id).toBe(ws.owner.id);
    const attempts = [
      api.patch(`/Users/${owner.id}`, entra.setActive(false)),
      api.patch(`/Users/${owner.id}`, patchOps({ op: "replace", value: { active: false } })),
      api.put(`/Users/${owner.id}`, { userName: owner.userName, active: false }),
      api.delete(`/Users/${owner.id}`),
    ];
    for (const p of attempts) {
      const res = await p;
      expectScimError(res, 409);
      expect(res.body.detail).toMatch(/last owner/i);
      expect(res.body.detail).toContain(owner.userName);
    }
    expect(await db.member.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({
      role: "owner",
      status: "active",
      active: true,
    });
    const after = await api.get(`/Users/${owner.id}`);
    expect(after.body.active).toBe(true);
    expect(after.body.userType).toBeUndefined();
  });

  it("SCIM never changes an owner's role: userType is stored as sent, the role stays, the log says why", async () => {
    const ws = await newWorkspace();
    const owner = await ownerViaScim(ws);
    for (const userType of ["admin", "user", "member_lite", "User"]) {
      const res = await ws.api.patch(
        `/Users/${owner.id}`,
        patchOps({ op: "replace", path: "userType", value: userType }),
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body.userType).toBe(userType);
      expect((await ws.db.member.findUniqueOrThrow({ where: { id: owner.id } })).role).toBe("owner");
      const event = await ws.db.provisioningEvent.findFirstOrThrow({
        where: { workspaceId: ws.workspace.id, resourceId: owner.id, method: "PATCH" },
        orderBy: { createdAt: "desc" },
      });
      expect(event.status).toBe(200);
      expect(event.detail).toMatch(/owners are managed in the app/);
    }
    // an ordinary change (name) to the last owner is fine too, and says nothing about roles
    const name = await ws.api.patch(
      `/Users/${owner.id}`,
      patchOps({ op: "add", path: "name.givenName", value: "Olive" }),
    );
    expect(name.status).toBe(200);
  });

  it("with a second active owner, suspending and deleting an owner work (with an owner's token)", async () => {
    const ws = await newWorkspace();
    const { db, workspace } = ws;
    const owner = await ownerViaScim(ws);
    const second = await createManualMember(workspace.id, {
      email: `second-${uid()}@example.test`,
      role: "owner",
      password: "second-password-1",
    });
    expect(second.status).toBe("active");
    // The operator's token keeps its owner powers whichever owner is suspended.
    const api = client((await createToken(workspace.id, { label: "ops", createdByOperator: true })).secret);

    const off = await api.patch(`/Users/${owner.id}`, entra.setActive(false));
    expect(off.status, off.text).toBe(200);
    expect(await db.member.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({
      status: "suspended",
      role: "owner",
    });
    // now `second` is the only active owner
    expectScimError(
      await api.patch(`/Users/${second.id}`, patchOps({ op: "replace", path: "active", value: false })),
      409,
    );
    expectScimError(await api.delete(`/Users/${second.id}`), 409);

    const on = await api.patch(`/Users/${owner.id}`, entra.setActive(true));
    expect(on.status).toBe(200);
    expect((await api.delete(`/Users/${owner.id}`)).status).toBe(204);
    expect(await db.member.count({ where: { workspaceId: workspace.id, role: "owner" } })).toBe(1);
  });

  it("a token an admin generated cannot suspend an owner, even with another owner active (403)", async () => {
    const ws = await newWorkspace();
    const { db, workspace } = ws;
    const owner = await ownerViaScim(ws);
    await createManualMember(workspace.id, {
      email: `second-${uid()}@example.test`,
      role: "owner",
      password: "second-password-1",
    });
    const admin = await createManualMember(workspace.id, {
      email: `admin-${uid()}@example.test`,
      role: "admin",
      password: "admin-password-1",
    });
    const api = client((await createToken(workspace.id, { label: "admin's", createdByMemberId: admin.id })).secret);
    for (const body of [entra.setActive(false), patchOps({ op: "replace", value: { active: false } })]) {
      const res = await api.patch(`/Users/${owner.id}`, body);
      expectScimError(res, 403);
      expect(res.body.detail).toMatch(/not generated by an owner/);
    }
    expect(await db.member.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ status: "active" });
  });
});
