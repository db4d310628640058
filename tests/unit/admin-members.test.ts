import { describe, it, expect } from "vitest";
import { parseAttributes } from "@/lib/services/admin/member-attributes";
import { assignableRoles, manageRefusal, withActive } from "@/lib/services/admin/member-rules";
import { ENTERPRISE_USER_SCHEMA } from "@/lib/scim/schema";

describe("manageRefusal", () => {
  const owner = { memberId: "o", role: "owner" };
  const adminActor = { memberId: "a", role: "admin" };
  it("lets owners manage anyone, including other owners", () => {
    expect(manageRefusal(owner, { id: "x", role: "owner" })).toBeNull();
    expect(manageRefusal(owner, { id: "x", role: "member" }, "owner")).toBeNull();
  });
  it("keeps admins away from owners and the owner role", () => {
    expect(manageRefusal(adminActor, { id: "x", role: "owner" })).toMatch(/Only owners/);
    expect(manageRefusal(adminActor, { id: "x", role: "member" }, "owner")).toMatch(/Only owners/);
    expect(manageRefusal(adminActor, { id: "x", role: "member" }, "admin")).toBeNull();
  });
  it("refuses members outright", () => {
    expect(manageRefusal({ memberId: "m", role: "member" }, { id: "x", role: "member_lite" })).toMatch(
      /owners and admins/,
    );
  });
  it("offers the owner role only to owners", () => {
    expect(assignableRoles("owner")).toContain("owner");
    expect(assignableRoles("admin")).not.toContain("owner");
  });
});

describe("withActive", () => {
  it("sets active in the SCIM document and keeps the rest", () => {
    const doc = JSON.stringify({ userName: "a@b.c", active: true, emails: [{ value: "a@b.c" }] });
    expect(JSON.parse(withActive(doc, false))).toEqual({
      userName: "a@b.c",
      active: false,
      emails: [{ value: "a@b.c" }],
    });
  });
  it("survives an unreadable document", () => {
    expect(JSON.parse(withActive("{nope", true))).toEqual({ active: true });
  });
});

describe("parseAttributes", () => {
  it("reads core, multi-valued, address and enterprise attributes as sent", () => {
    const view = parseAttributes(
      JSON.stringify({
        userName: "grace@example.test",
        externalId: "obj-1",
        name: { givenName: "Grace", familyName: "Hopper", formatted: "Grace Hopper" },
        emails: [{ value: "grace@example.test", type: "work", primary: true }, { value: "g@home.test" }],
        phoneNumbers: [{ value: "+1 555", type: "mobile" }],
        addresses: [
          {
            type: "work",
            streetAddress: "1 Main St",
            locality: "Arlington",
            region: "VA",
            postalCode: "22201",
            country: "US",
          },
        ],
        [ENTERPRISE_USER_SCHEMA]: { department: "Navy", employeeNumber: "1906", manager: { value: "m-1" } },
        "urn:example:custom": { shoeSize: 38 },
        active: true,
      }),
    );
    expect(view.core).toContainEqual({ label: "External ID", value: "obj-1" });
    expect(view.core).toContainEqual({ label: "Family name", value: "Hopper" });
    expect(view.emails).toEqual([
      { value: "grace@example.test", type: "work", primary: true },
      { value: "g@home.test", type: null, primary: false },
    ]);
    expect(view.phoneNumbers[0].type).toBe("mobile");
    expect(view.addresses[0].lines).toEqual(["1 Main St", "22201 Arlington VA", "US"]);
    expect(view.enterprise).toEqual([
      { label: "Employee number", value: "1906" },
      { label: "Department", value: "Navy" },
    ]);
    expect(view.managerId).toBe("m-1");
    expect(view.other.map((o) => o.key)).toEqual(["urn:example:custom"]);
  });
  it("treats a corrupt document as empty", () => {
    expect(parseAttributes("not json").core).toEqual([]);
  });
});
