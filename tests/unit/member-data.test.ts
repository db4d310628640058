import { describe, it, expect } from "vitest";
import { manualMemberData, nameParts } from "@/lib/services/member-data";

describe("manual member data", () => {
  it("splits a full name into given and family name, keeping the formatted name as typed", () => {
    expect(nameParts("Ada King Lovelace")).toEqual({
      formatted: "Ada King Lovelace",
      givenName: "Ada",
      familyName: "King Lovelace",
    });
    expect(nameParts("Cher")).toEqual({ formatted: "Cher" });
    expect(nameParts("  ")).toBeUndefined();
  });

  it("stores the same SCIM document a provisioned member would have", () => {
    const d = manualMemberData("Olivia@Acme.test", "Olivia Owner");
    expect(d.userNameLower).toBe("olivia@acme.test");
    expect(JSON.parse(d.attributes)).toEqual({
      userName: "Olivia@Acme.test",
      name: { formatted: "Olivia Owner", givenName: "Olivia", familyName: "Owner" },
      displayName: "Olivia Owner",
      emails: [{ value: "Olivia@Acme.test", type: "work", primary: true }],
      active: true,
    });
  });
});
