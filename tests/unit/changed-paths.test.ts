// Attribute paths a SCIM user write changed (for the member timeline), and the timeline's words for them.
import { describe, expect, it } from "vitest";
import { changedPaths, userChanges } from "@/lib/scim/user/changed-paths";
import { scimEventTitle } from "@/lib/services/admin/member-timeline";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("changedPaths", () => {
  it("names sub-attributes of complex attributes and of extensions, ignores meta and equal values", () => {
    const before = {
      userName: "a",
      name: { givenName: "A", familyName: "B" },
      title: "x",
      emails: [{ value: "a@x" }],
      [ENT]: { department: "D" },
      meta: { version: 1 },
    };
    const after = {
      userName: "a",
      name: { givenName: "A", familyName: "C" },
      title: "y",
      emails: [{ value: "b@x" }],
      [ENT]: { department: "E" },
      meta: { version: 2 },
    };
    expect(changedPaths(before, after)).toEqual(["department", "emails", "name.familyName", "title"]);
    expect(changedPaths(before, before)).toEqual([]);
    expect(changedPaths({ title: null }, {})).toEqual([]);
    expect(changedPaths({}, { nickName: "n" })).toEqual(["nickName"]);
  });

  it("reports the new value of active", () => {
    expect(userChanges({ active: true }, { active: false })).toEqual({ paths: ["active"], active: false });
    expect(userChanges({ active: false, title: "a" }, { active: true, title: "b" })).toEqual({
      paths: ["active", "title"],
      active: true,
    });
    expect(userChanges({ title: "a" }, { title: "a" })).toBeNull();
  });
});

describe("scimEventTitle", () => {
  const e = (method: string, changes: unknown, status = 200) => ({
    method,
    status,
    tokenLabel: "Entra ID",
    changes: changes ? JSON.stringify(changes) : null,
  });
  it("names changes in words", () => {
    expect(scimEventTitle(e("PATCH", { paths: ["active"], active: false }))).toBe("Deactivated by Entra ID");
    expect(scimEventTitle(e("PUT", { paths: ["active"], active: true }))).toBe("Reactivated by Entra ID");
    expect(scimEventTitle(e("PATCH", { paths: ["name.familyName", "title"] }))).toBe("Changed name.familyName, title");
    expect(scimEventTitle(e("POST", null, 201))).toBe("Created by Entra ID");
    expect(scimEventTitle(e("DELETE", null, 204))).toBe("Deleted by Entra ID");
    expect(scimEventTitle(e("PATCH", null, 409))).toBe("Update by Entra ID failed (409)");
    expect(scimEventTitle({ ...e("PATCH", "not json"), changes: "{" })).toBe("Updated by Entra ID");
  });
});
