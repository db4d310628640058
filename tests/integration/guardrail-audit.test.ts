// Held deprovisioning in the audit trail (issue 16): every change the guardrail holds is one audit entry
// (guardrail.held) with the SCIM token as actor and the member as target, beside the owner's later
// decision; applied suspensions and removals add no such entry. The entry reads on the member timeline
// and in the CSV's words like any other.
import { describe, expect, it } from "vitest";
import { describeDetail, readAuditFilter, listAuditIn } from "@/lib/services/admin/audit-log";
import { memberTimelineItems } from "@/lib/services/admin/member-timeline";
import { discardHeld, heldChanges } from "@/lib/services/guardrail-review";
import { patchOps, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";

const deactivate = patchOps({ op: "replace", path: "active", value: false });

describe("guardrail: held changes in the audit trail", () => {
  it("one guardrail.held entry per held member, the token as actor; none for applied changes", async () => {
    const { api, db, workspace, owner } = await newWorkspace();
    const ids: string[] = [];
    for (let i = 0; i < 19; i++) {
      const res = await api.post("/Users", {
        schemas: [USER],
        userName: `held${i}.${uid()}@example.test`,
        active: true,
      });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
    }
    // 20 active members: budget 10. Six suspensions and four removals apply ...
    for (const id of ids.slice(0, 6)) expect((await api.patch(`/Users/${id}`, deactivate)).status).toBe(200);
    for (const id of ids.slice(6, 10)) expect((await api.delete(`/Users/${id}`)).status).toBe(204);
    // ... then two suspensions and two removals are held; retrying one of them adds nothing.
    for (const id of ids.slice(10, 12)) expect((await api.patch(`/Users/${id}`, deactivate)).status).toBe(200);
    for (const id of ids.slice(12, 14)) expect((await api.delete(`/Users/${id}`)).status).toBe(204);
    expect((await api.patch(`/Users/${ids[10]}`, deactivate)).status).toBe(200);
    expect(await heldChanges(workspace.id)).toHaveLength(4);

    const entries = await db.auditEvent.findMany({
      where: { workspaceId: workspace.id, action: "guardrail.held" },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => e.targetId).sort()).toEqual(ids.slice(10, 14).sort());
    for (const e of entries)
      expect(e).toMatchObject({ actorMemberId: null, actorLabel: "SCIM token “Entra ID”", targetType: "member" });
    const byMember = Object.fromEntries(entries.map((e) => [e.targetId, e]));
    const userName = (await db.member.findUniqueOrThrow({ where: { id: ids[12] } })).userName;
    expect(byMember[ids[12]].targetLabel).toBe(userName);
    expect(describeDetail(byMember[ids[10]])).toBe(`change: suspension; request: PATCH /scim/v2/Users/${ids[10]}`);
    expect(describeDetail(byMember[ids[12]])).toBe(`change: removal; request: DELETE /scim/v2/Users/${ids[12]}`);
    // Nothing else was audited for the SCIM requests (applied changes are in the provisioning log).
    expect(
      await db.auditEvent.count({ where: { workspaceId: workspace.id, targetId: { in: ids.slice(0, 10) } } }),
    ).toBe(0);

    // The audit page's "guardrail" kind filter and the member timeline show it.
    const page = await listAuditIn(db, workspace.id, readAuditFilter(new URLSearchParams("action=guardrail")), {
      size: 50,
    });
    expect(page.rows).toHaveLength(4);
    const timeline = await memberTimelineItems(workspace.id, ids[11]);
    expect(timeline.map((t) => t.title)).toContain("Deprovisioning held for review by SCIM token “Entra ID”");

    // The owner's decision follows as its own entry; the held entries stay.
    await discardHeld(workspace.id, { memberId: owner.id });
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "guardrail.held" } })).toBe(4);
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "guardrail.discarded" } })).toBe(1);
  });
});
