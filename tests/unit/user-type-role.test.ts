// roleAfterUserType: the member role a SCIM userType leads to (a fix found by the SCIM HTTP integration suites).
import { describe, expect, it } from "vitest";
import { roleAfterUserType } from "@/lib/services/scim/columns";

describe("roleAfterUserType", () => {
  it.each([
    // SCIM never removes the owner role, whatever userType says (owners are managed in the app)
    ["owner", "admin", "owner"],
    ["owner", "ADMIN", "owner"],
    ["owner", "user", "owner"],
    ["owner", "member_lite", "owner"],
    ["member", "admin", "admin"],
    ["admin", "user", "member"],
    ["member_lite", "Admin", "admin"],
    // unknown or missing values leave the role alone
    ["admin", "Contractor", "admin"],
    ["owner", null, "owner"],
    ["member", undefined, "member"],
  ])("%s + userType %j → %s", (current, userType, expected) => {
    expect(roleAfterUserType(current, userType)).toBe(expected);
  });
});
