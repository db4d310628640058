// SCIM writes that change nothing, over HTTP on the real handler and database.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";

describe("no-op writes", () => {
  it("a PATCH that changes nothing keeps the version and does not take over a manual member", async () => {
    const { api, owner } = await newWorkspace();
    const before = await api.get(`/Users/${owner.id}`);
    const res = await api.patch(
      `/Users/${owner.id}`,
      patchOps({ op: "replace", path: "userName", value: owner.userName }),
    );
    expect(res.status).toBe(200);
    expect(res.body.meta.version).toBe(before.body.meta.version);
    const db = await getDb();
    expect((await db.member.findUniqueOrThrow({ where: { id: owner.id } })).source).toBe("manual");
    const changed = await api.patch(`/Users/${owner.id}`, patchOps({ op: "replace", path: "title", value: "CEO" }));
    expect(changed.body.meta.version).not.toBe(before.body.meta.version);
  });
});
