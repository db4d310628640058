import { describe, it, expect } from "vitest";
import { parsePatchPath } from "@/lib/scim/path";
import { ScimError } from "@/lib/scim/errors";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "@/lib/scim/schema";

const ENT = ENTERPRISE_USER_SCHEMA;

function invalidPath(input: string): ScimError {
  try {
    parsePatchPath(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    const err = e as ScimError;
    expect(err.status).toBe(400);
    expect(err.scimType).toBe("invalidPath");
    return err;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

const typeEq = (type: string) => ({ op: "eq", path: { attr: "type" }, value: type });

describe("parsePatchPath: Entra's attribute mapping and PATCH requests", () => {
  it.each([
    ["userName", { attr: "userName" }],
    ["displayName", { attr: "displayName" }],
    ["externalId", { attr: "externalId" }],
    ["active", { attr: "active" }],
    ["nickName", { attr: "nickName" }],
    ["members", { attr: "members" }],
    ["roles", { attr: "roles" }],
    ["name.givenName", { attr: "name", sub: "givenName" }],
    ["name.familyName", { attr: "name", sub: "familyName" }],
    [`${ENT}:employeeNumber`, { uri: ENT, attr: "employeeNumber" }],
    [`${ENT}:department`, { uri: ENT, attr: "department" }],
    [`${ENT}:manager`, { uri: ENT, attr: "manager" }],
    [`${ENT}:manager.value`, { uri: ENT, attr: "manager", sub: "value" }],
    [`${USER_SCHEMA}:userName`, { uri: USER_SCHEMA, attr: "userName" }],
    [`${USER_SCHEMA}:name.givenName`, { uri: USER_SCHEMA, attr: "name", sub: "givenName" }],
  ])("%s", (input, expected) => {
    expect(parsePatchPath(input)).toEqual(expected);
  });

  it.each([
    ['emails[type eq "work"].value', "emails", "work", "value"],
    ['emails[type eq "other"].Value', "emails", "other", "Value"],
    ['phoneNumbers[type eq "mobile"].value', "phoneNumbers", "mobile", "value"],
    ['phoneNumbers[type eq "fax"].value', "phoneNumbers", "fax", "value"],
    ['addresses[type eq "work"].streetAddress', "addresses", "work", "streetAddress"],
    ['addresses[type eq "work"].formatted', "addresses", "work", "formatted"],
    ['addresses[type eq "other"].Formatted', "addresses", "other", "Formatted"],
  ])("%s", (input, attr, type, sub) => {
    expect(parsePatchPath(input)).toEqual({ attr, filter: typeEq(type), sub });
  });

  it("group member removal by value (aadOptscim062020 and Postman)", () => {
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toEqual({
      attr: "members",
      filter: { op: "eq", path: { attr: "value" }, value: "2819c223-7f76-453a-919d-413861904646" },
    });
  });

  it('roles[primary eq "True"].value keeps the string (evaluation treats it as boolean)', () => {
    expect(parsePatchPath('roles[primary eq "True"].value')).toEqual({
      attr: "roles",
      filter: { op: "eq", path: { attr: "primary" }, value: "True" },
      sub: "value",
    });
  });

  it("legacy Entra dot notation after the enterprise URN", () => {
    expect(parsePatchPath(`${ENT}.manager`)).toEqual({ uri: ENT, attr: "manager" });
  });

  it("complex bracket filters, case-insensitive keywords, unquoted values, surrounding spaces", () => {
    expect(parsePatchPath(" emails[type EQ work AND primary eq true].display ")).toEqual({
      attr: "emails",
      filter: {
        op: "and",
        left: typeEq("work"),
        right: { op: "eq", path: { attr: "primary" }, value: true },
      },
      sub: "display",
    });
  });

  it("a URN-prefixed multi-valued attribute with a filter", () => {
    expect(parsePatchPath(`${USER_SCHEMA}:emails[type eq "work"].value`)).toEqual({
      uri: USER_SCHEMA,
      attr: "emails",
      filter: typeEq("work"),
      sub: "value",
    });
  });
});

describe("parsePatchPath: errors are 400 invalidPath", () => {
  it.each([
    ["", /empty/],
    ["  ", /empty/],
    ['emails[type eq "work"', /"\]" to close the "\[" opened at position 7/],
    ['emails[type eq "work"]x', /expected the end of the path or "\.subAttribute" \(found "x"\)/],
    ['emails[type eq "work"].', /sub-attribute name/],
    ['emails[type eq "work"].value.x', /end of the path/],
    ["emails[]", /expected an attribute name/],
    ['emails[type zz "work"]', /expected an operator/],
    ['emails[type eq "wo\\rk" and]', /expected an attribute name/],
    ["name.givenName.first", /more than one sub-attribute/],
    ["user name", /end of the path \(found "name"\)/],
    ['emails.value[type eq "work"]', /not a sub-attribute/],
    ['[type eq "work"]', /expected an attribute name/],
    ['emails[types[type eq "x"] pr]', /cannot be nested/],
    [ENT, /schema URI, not an attribute/],
    ["foo:bar", /not a schema URN/],
    ["emails(type eq x)", /end of the path/],
    ['members[value eq "abc]', /unterminated string/],
  ])("%j", (input, detail) => {
    expect(invalidPath(input).detail).toMatch(detail);
  });

  it("length limit", () => {
    expect(invalidPath("a".repeat(4097)).detail).toMatch(/path is too long/);
    expect(parsePatchPath("a".repeat(4096))).toEqual({ attr: "a".repeat(4096) });
  });

  it("nesting limit inside the brackets", () => {
    const deep = "emails[" + "(".repeat(50) + "type pr" + ")".repeat(50) + "]";
    expect(invalidPath(deep).detail).toMatch(/deeper than 50/);
  });
});

/** mulberry32: a small seeded PRNG so failures reproduce. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("parsePatchPath robustness", () => {
  it("2 000 mutated paths: parse or throw a 400 invalidPath ScimError", () => {
    const seeds = [
      'emails[type eq "work"].value',
      `${ENT}:manager.value`,
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      'roles[primary eq "True"].value',
      "name.givenName",
    ];
    const pieces = ['"', "\\", "[", "]", "(", ")", ".", ":", " ", "eq", "and", "not", "pr", "urn:", "a", "$"];
    const rand = prng(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    let parsed = 0;
    for (let i = 0; i < 2000; i++) {
      let s = pick(seeds);
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
        const at = Math.floor(rand() * (s.length + 1));
        s = rand() < 0.5 ? s.slice(0, at) + pick(pieces) + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
      }
      try {
        parsePatchPath(s);
        parsed++;
      } catch (e) {
        if (!(e instanceof ScimError) || e.status !== 400 || e.scimType !== "invalidPath") {
          throw new Error(`unexpected ${String(e)} for ${JSON.stringify(s)}`, { cause: e });
        }
      }
    }
    expect(parsed).toBeGreaterThan(50);
  });
});
