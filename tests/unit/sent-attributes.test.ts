// Which attribute names a user write carried (for the connection doctor): names only, never values.
import { describe, expect, it } from "vitest";
import { sentAttributes } from "@/lib/scim/user/sent-attributes";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("sentAttributes", () => {
  it("names the attributes of a POST/PUT body, complex ones one level deep, extension ones alone", () => {
    expect(
      sentAttributes({
        schemas: ["x"],
        id: "1",
        meta: {},
        userName: "a@b.c",
        active: true,
        name: { givenName: "A", familyName: "B" },
        emails: [{ value: "a@b.c" }],
        [ENT]: { department: "Sales", manager: { value: "m" } },
      }),
    ).toEqual(["active", "department", "emails", "manager", "name.familyName", "name.givenName", "userName"]);
  });

  it("names PATCH paths (filters and sub-attributes of multi-valued ones dropped) and path-less values", () => {
    expect(
      sentAttributes({
        Operations: [
          { op: "replace", path: "active", value: "False" },
          { op: "replace", path: 'emails[type eq "work"].value', value: "x" },
          { op: "add", path: `${ENT}:department`, value: "R&D" },
          { op: "replace", path: "name.givenName", value: "G" },
          { op: "replace", value: { displayName: "D", "name.familyName": "F" } },
        ],
      }),
    ).toEqual(["active", "department", "displayName", "emails", "name.familyName", "name.givenName"]);
  });

  it("never returns values and tolerates anything", () => {
    expect(JSON.stringify(sentAttributes({ userName: "secret-value@x.y" }))).not.toContain("secret-value");
    expect(sentAttributes(null)).toEqual([]);
    expect(sentAttributes([1, 2])).toEqual([]);
    expect(sentAttributes({ Operations: [null, 3, { op: "remove" }] })).toEqual([]);
  });
});
