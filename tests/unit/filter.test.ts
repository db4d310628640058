import { describe, it, expect } from "vitest";
import { FilterParser, attrPathKey, evaluateFilter, parseFilter } from "@/lib/scim/filter/parse";
import type { AttrPath, Filter } from "@/lib/scim/filter/ast";
import { ScimError } from "@/lib/scim/errors";
import { ENTERPRISE_USER_SCHEMA, isCaseExact } from "@/lib/scim/schema";

const ENT = ENTERPRISE_USER_SCHEMA;

/** Run `fn`, expecting a 400 ScimError of the given kind; returns it for further checks. */
function scimError(fn: () => unknown, scimType = "invalidFilter"): ScimError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    const err = e as ScimError;
    expect(err.status).toBe(400);
    expect(err.scimType).toBe(scimType);
    return err;
  }
  throw new Error("expected a ScimError, nothing was thrown");
}

const eq = (attr: string, value: unknown, sub?: string): Filter =>
  ({ op: "eq", path: sub ? { attr, sub } : { attr }, value }) as Filter;

describe("parseFilter: what Entra ID sends", () => {
  it("matching lookup on userName", () => {
    expect(parseFilter('userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"')).toEqual(
      eq("userName", "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"),
    );
  });

  it("unquoted value (externalId eq jyoung)", () => {
    expect(parseFilter("externalId eq jyoung")).toEqual(eq("externalId", "jyoung"));
  });

  it("group lookup by displayName", () => {
    expect(parseFilter('displayName eq "displayName"')).toEqual(eq("displayName", "displayName"));
  });

  it('emails[type eq "work"].value eq x becomes one value path with both conditions', () => {
    expect(parseFilter('emails[type eq "work"].value eq "user@contoso.com"')).toEqual({
      op: "valuePath",
      path: { attr: "emails" },
      filter: { op: "and", left: eq("type", "work"), right: eq("value", "user@contoso.com") },
    });
  });

  it("trailing pr after a value path", () => {
    expect(parseFilter('emails[type eq "work"].value pr')).toEqual({
      op: "valuePath",
      path: { attr: "emails" },
      filter: { op: "and", left: eq("type", "work"), right: { op: "pr", path: { attr: "value" } } },
    });
  });

  it("eq joined with and", () => {
    expect(parseFilter('userName eq "a" and externalId eq "b"')).toEqual({
      op: "and",
      left: eq("userName", "a"),
      right: eq("externalId", "b"),
    });
  });

  it("keeps Okta's upper-case values exactly", () => {
    expect(parseFilter('userName eq "JOHN.DOE@EXAMPLE.COM"')).toEqual(eq("userName", "JOHN.DOE@EXAMPLE.COM"));
  });
});

describe("parseFilter: Microsoft's Postman collection", () => {
  it("capitalised attribute name, kept as sent", () => {
    expect(parseFilter('DisplayName eq "BobIsAmazing"')).toEqual(eq("DisplayName", "BobIsAmazing"));
  });

  it("unquoted values, co, or and parentheses", () => {
    expect(
      parseFilter("name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)"),
    ).toEqual({
      op: "and",
      left: eq("name", "Employee", "FamilyName"),
      right: {
        op: "or",
        left: { op: "co", path: { attr: "emails", sub: "Value" }, value: "example.com" },
        right: { op: "co", path: { attr: "emails", sub: "Value" }, value: "example.org" },
      },
    });
  });

  it("single-letter unquoted sw", () => {
    expect(parseFilter("userName sw O")).toEqual({ op: "sw", path: { attr: "userName" }, value: "O" });
  });

  it("unquoted dateTime with 7 fractional digits and an offset", () => {
    expect(parseFilter("meta.Created gt 2015-10-10T14:38:21.8617979-07:00")).toEqual({
      op: "gt",
      path: { attr: "meta", sub: "Created" },
      value: "2015-10-10T14:38:21.8617979-07:00",
    });
  });

  it("inbound collection: boolean and a grouped date range", () => {
    const f = parseFilter(
      'active eq true and (meta.lastModified ge "2011-05-13T04:42:34Z" and meta.lastModified le "2031-05-13T04:42:34Z")',
    );
    expect(f).toEqual({
      op: "and",
      left: eq("active", true),
      right: {
        op: "and",
        left: { op: "ge", path: { attr: "meta", sub: "lastModified" }, value: "2011-05-13T04:42:34Z" },
        right: { op: "le", path: { attr: "meta", sub: "lastModified" }, value: "2031-05-13T04:42:34Z" },
      },
    });
  });
});

describe("parseFilter: attribute paths", () => {
  it("enterprise extension attribute", () => {
    expect(parseFilter(`${ENT}:employeeNumber eq "701984"`)).toEqual({
      op: "eq",
      path: { uri: ENT, attr: "employeeNumber" },
      value: "701984",
    });
  });

  it("enterprise extension sub-attribute (URN contains dots and colons)", () => {
    expect(parseFilter(`${ENT}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`)).toEqual({
      op: "eq",
      path: { uri: ENT, attr: "manager", sub: "value" },
      value: "26118915-6090-4610-87e4-49d8ca9f808d",
    });
  });

  it("core schema prefix and a custom extension", () => {
    expect(parseFilter("urn:ietf:params:scim:schemas:core:2.0:User:userName eq x")).toEqual({
      op: "eq",
      path: { uri: "urn:ietf:params:scim:schemas:core:2.0:User", attr: "userName" },
      value: "x",
    });
    const custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
    expect(parseFilter(`${custom}:CustomAttribute pr`)).toEqual({
      op: "pr",
      path: { uri: custom, attr: "CustomAttribute" },
    });
  });

  it("legacy Entra dot notation after a known schema URN", () => {
    expect(parseFilter(`${ENT}.manager pr`)).toEqual({ op: "pr", path: { uri: ENT, attr: "manager" } });
  });

  it("value path on a URN-prefixed attribute", () => {
    const core = "urn:ietf:params:scim:schemas:core:2.0:User";
    expect(parseFilter(`${core}:emails[type eq "work"]`)).toEqual({
      op: "valuePath",
      path: { uri: core, attr: "emails" },
      filter: eq("type", "work"),
    });
  });

  it("$ref is a valid sub-attribute name", () => {
    expect(parseFilter("members.$ref pr")).toEqual({ op: "pr", path: { attr: "members", sub: "$ref" } });
  });
});

describe("parseFilter: operators, keywords and precedence", () => {
  it.each(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"])("%s", (op) => {
    expect(parseFilter(`title ${op} "x"`)).toEqual({ op, path: { attr: "title" }, value: "x" });
    expect(parseFilter(`title ${op.toUpperCase()} "x"`)).toEqual({ op, path: { attr: "title" }, value: "x" });
  });

  it("keywords in any case", () => {
    expect(parseFilter('userName EQ "a" AND title Pr OR NOT (nickName eq "b")')).toEqual({
      op: "or",
      left: { op: "and", left: eq("userName", "a"), right: { op: "pr", path: { attr: "title" } } },
      right: { op: "not", filter: eq("nickName", "b") },
    });
  });

  it("and binds tighter than or, on both sides", () => {
    expect(parseFilter("a eq 1 or b eq 2 and c eq 3")).toEqual({
      op: "or",
      left: eq("a", 1),
      right: { op: "and", left: eq("b", 2), right: eq("c", 3) },
    });
    expect(parseFilter("a eq 1 and b eq 2 or c eq 3")).toEqual({
      op: "or",
      left: { op: "and", left: eq("a", 1), right: eq("b", 2) },
      right: eq("c", 3),
    });
  });

  it("not binds tighter than and", () => {
    expect(parseFilter("not (a eq 1) and b eq 2")).toEqual({
      op: "and",
      left: { op: "not", filter: eq("a", 1) },
      right: eq("b", 2),
    });
  });

  it("parentheses override precedence; chains are left-associative", () => {
    expect(parseFilter("(a eq 1 or b eq 2) and c eq 3")).toEqual({
      op: "and",
      left: { op: "or", left: eq("a", 1), right: eq("b", 2) },
      right: eq("c", 3),
    });
    expect(parseFilter("a eq 1 and b eq 2 and c eq 3")).toEqual({
      op: "and",
      left: { op: "and", left: eq("a", 1), right: eq("b", 2) },
      right: eq("c", 3),
    });
  });

  it("not directly followed by '(' and nested not", () => {
    expect(parseFilter("not(a pr)")).toEqual({ op: "not", filter: { op: "pr", path: { attr: "a" } } });
    expect(parseFilter("not (not (a pr))")).toEqual({
      op: "not",
      filter: { op: "not", filter: { op: "pr", path: { attr: "a" } } },
    });
  });

  it("words that merely start with a keyword are attribute names", () => {
    expect(parseFilter("notes eq 1 or order eq 2 and android pr")).toEqual({
      op: "or",
      left: eq("notes", 1),
      right: { op: "and", left: eq("order", 2), right: { op: "pr", path: { attr: "android" } } },
    });
  });

  it("logical expressions, not and parentheses inside a value filter", () => {
    expect(parseFilter('emails[type eq "work" and not (value ew ".org")]')).toEqual({
      op: "valuePath",
      path: { attr: "emails" },
      filter: {
        op: "and",
        left: eq("type", "work"),
        right: { op: "not", filter: { op: "ew", path: { attr: "value" }, value: ".org" } },
      },
    });
  });

  it("whitespace: tabs, newlines, repeated and surrounding spaces", () => {
    expect(parseFilter('  userName\teq   "a"\n and\r\ntitle pr  ')).toEqual({
      op: "and",
      left: eq("userName", "a"),
      right: { op: "pr", path: { attr: "title" } },
    });
  });
});

describe("parseFilter: values", () => {
  it("JSON string escapes", () => {
    expect(parseFilter(String.raw`displayName eq "say \"hi\" \\ \/ \u00e9\t"`)).toEqual(
      eq("displayName", 'say "hi" \\ / é\t'),
    );
  });

  it("a quoted ']' or ')' does not end the value", () => {
    expect(parseFilter('members[value eq "a]b)c"]')).toEqual({
      op: "valuePath",
      path: { attr: "members" },
      filter: eq("value", "a]b)c"),
    });
  });

  it("numbers", () => {
    expect(parseFilter("a eq 42")).toEqual(eq("a", 42));
    expect(parseFilter("a gt -1.5e3")).toEqual({ op: "gt", path: { attr: "a" }, value: -1500 });
  });

  it("true/false/null in any case; quoted they stay strings", () => {
    expect(parseFilter("active eq True")).toEqual(eq("active", true));
    expect(parseFilter("active eq FALSE")).toEqual(eq("active", false));
    expect(parseFilter("title eq null")).toEqual(eq("title", null));
    expect(parseFilter('active eq "True"')).toEqual(eq("active", "True"));
  });

  it("unquoted values that are not JSON numbers stay strings (leading zeros kept)", () => {
    expect(parseFilter("externalId eq 00123")).toEqual(eq("externalId", "00123"));
    expect(parseFilter("externalId eq 12ab")).toEqual(eq("externalId", "12ab"));
    expect(parseFilter("userName eq bob@example.com")).toEqual(eq("userName", "bob@example.com"));
  });

  it("an unquoted value ends at ')' or ']'", () => {
    expect(parseFilter("(userName eq bob)")).toEqual(eq("userName", "bob"));
    expect(parseFilter("emails[type eq work]")).toEqual({
      op: "valuePath",
      path: { attr: "emails" },
      filter: eq("type", "work"),
    });
  });
});

describe("parseFilter: errors are 400 invalidFilter with an actionable detail", () => {
  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["userName", /position 9: expected an operator .* after "userName" \(found end of filter\)/],
    ['userName equals "x"', /position 10: expected an operator.*found "equals"/],
    ["userName eq", /expected a value after "eq"/],
    ['userName eq "abc', /position 13: unterminated string/],
    [String.raw`userName eq "a\qb"`, /invalid escape "\\q"/],
    [String.raw`userName eq "\u12"`, /4 hex digits/],
    ['userName eq "a" xor title pr', /expected "and", "or" or the end of the filter \(found "xor"\)/],
    ["displayName eq John Smith", /found "Smith"/],
    ['userName eq "a" and', /expected an attribute name/],
    ['and userName eq "a"', /expected an operator.*after "and"/],
    ["(userName pr", /expected "\)" to close the "\(" opened at position 1/],
    ["userName pr)", /found "\)"/],
    ['emails[type eq "work"', /expected "\]" to close the "\[" opened at position 7/],
    ['emails[type eq "work"]]', /found "\]"/],
    ['emails[type eq "work"].value', /expected an operator.*after "value"/],
    ['emails[type eq "work"]. eq "x"', /sub-attribute name/],
    ['emails[types[value eq "x"] pr]', /cannot be nested/],
    ['emails.value[type eq "work"]', /must follow an attribute, not a sub-attribute/],
    ["name.givenName.first eq x", /more than one sub-attribute/],
    ["foo:bar eq x", /not a schema URN/],
    [`${ENT} eq x`, /is a schema URI, not an attribute/],
    [`${ENT}: eq x`, /not a valid attribute name/],
    ["1abc eq x", /not a valid attribute name/],
    ['userName eq ab"c', /inside an unquoted value/],
    ["@ eq 1", /expected an attribute name/],
    ["()", /expected an attribute name/],
  ])("%j", (input, detail) => {
    expect(scimError(() => parseFilter(input)).detail).toMatch(detail);
  });

  it("length limit: 4096 characters are fine, 4097 are not", () => {
    const padded = (n: number) => 'userName eq "' + "x".repeat(n - 14) + '"';
    expect(padded(4096)).toHaveLength(4096);
    expect(() => parseFilter(padded(4096))).not.toThrow();
    expect(scimError(() => parseFilter(padded(4097))).detail).toMatch(/filter is too long/);
  });

  it("nesting limit: 50 levels are fine, 51 are not", () => {
    const parens = (n: number) => "(".repeat(n) + "a pr" + ")".repeat(n);
    expect(() => parseFilter(parens(50))).not.toThrow();
    expect(scimError(() => parseFilter(parens(51))).detail).toMatch(/deeper than 50/);
    expect(scimError(() => parseFilter("not ".repeat(51) + "a pr")).detail).toMatch(/deeper than 50/);
    expect(scimError(() => parseFilter("(".repeat(2000))).detail).toMatch(/deeper than 50/);
  });

  it("a long flat chain is not nesting", () => {
    const chain = Array.from({ length: 300 }, (_, i) => `a eq ${i}`).join(" or ");
    expect(() => new FilterParser(chain, "invalidFilter").parseFilter()).not.toThrow();
    // parseFilter refuses it for what it would cost to run (issue 13), not for its nesting
    expect(() => parseFilter(chain)).toThrow(/300 terms; the limit is 10 /);
  });

  it("a non-string input is rejected, not crashed on", () => {
    scimError(() => parseFilter(["a pr"] as unknown as string));
  });
});

describe("attrPathKey", () => {
  it("lower-cases and joins uri:attr.sub", () => {
    expect(attrPathKey({ attr: "userName" })).toBe("username");
    expect(attrPathKey({ attr: "name", sub: "givenName" })).toBe("name.givenname");
    expect(attrPathKey({ uri: ENT, attr: "employeeNumber" })).toBe(
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber",
    );
    expect(attrPathKey({ uri: ENT, attr: "manager", sub: "value" })).toBe(
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value",
    );
  });
});

describe("evaluateFilter", () => {
  const user = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
    id: "2441309d85324e7793ae",
    externalId: "7fce0092-d52e-4f76-b727-3955bd72c939",
    userName: "Test_User@contoso.com",
    name: { familyName: "Employee", givenName: "Ann" },
    title: "",
    nickName: null,
    active: true,
    loginCount: 7,
    meta: { resourceType: "User", created: "2018-03-27T19:59:26.000Z" },
    emails: [
      { value: "ann@work.example.com", type: "work", primary: true },
      { value: "ann@home.example.org", type: "home", primary: "False" },
    ],
    roles: [],
    [ENT]: { employeeNumber: "701984", manager: { value: "mgr-1" } },
  };
  const userOpts = { caseExact: (p: AttrPath) => isCaseExact("User", p) };
  const match = (filter: string, resource: Record<string, unknown> = user) =>
    evaluateFilter(parseFilter(filter), resource, userOpts);

  it("userName compares case-insensitively (Okta sends it upper-cased)", () => {
    expect(match('userName eq "TEST_USER@CONTOSO.COM"')).toBe(true);
    expect(match('USERNAME Eq "test_user@contoso.com"')).toBe(true);
  });

  it("externalId and id are caseExact", () => {
    expect(match('externalId eq "7fce0092-d52e-4f76-b727-3955bd72c939"')).toBe(true);
    expect(match('externalId eq "7FCE0092-D52E-4F76-B727-3955BD72C939"')).toBe(false);
    expect(match('id eq "2441309D85324E7793AE"')).toBe(false);
    expect(match("id eq 2441309d85324e7793ae")).toBe(true);
  });

  it("attribute keys are matched case-insensitively", () => {
    const odd = { UserName: "bob", Emails: [{ Value: "b@x.com", Type: "work" }] };
    expect(match('userName eq "BOB"', odd)).toBe(true);
    expect(match('emails[type eq "work"].value eq "b@x.com"', odd)).toBe(true);
  });

  it("Entra's value-path filter matches only when one element satisfies both conditions", () => {
    expect(match('emails[type eq "work"].value eq "ann@work.example.com"')).toBe(true);
    expect(match('emails[type eq "work"].value eq "ann@home.example.org"')).toBe(false);
    // The flattened form would match across elements, which is why the parser does not produce it.
    expect(match('emails.type eq "work" and emails.value eq "ann@home.example.org"')).toBe(true);
  });

  it("multi-valued attributes match if any element does", () => {
    expect(match('emails.value eq "ANN@HOME.EXAMPLE.ORG"')).toBe(true);
    expect(match('emails co "work.example"')).toBe(true); // complex value without sub → its `value`
    expect(match("emails.Value co example.org")).toBe(true);
  });

  it("co, sw, ew", () => {
    expect(match('userName co "user@"')).toBe(true);
    expect(match("userName sw test")).toBe(true);
    expect(match('userName ew ".COM"')).toBe(true);
    expect(match('userName sw "user"')).toBe(false);
    expect(match('externalId sw "7FCE"')).toBe(false); // caseExact
  });

  it("Postman's grouped filter", () => {
    expect(match("name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.net)")).toBe(
      true,
    );
    expect(match("name.FamilyName eq Employee and (emails.Value co example.net or emails.Value co example.edu)")).toBe(
      false,
    );
  });

  it("pr: present and not null, empty string or empty array", () => {
    expect(match("userName pr")).toBe(true);
    expect(match("emails pr")).toBe(true);
    expect(match("title pr")).toBe(false);
    expect(match("nickName pr")).toBe(false);
    expect(match("roles pr")).toBe(false);
    expect(match("locale pr")).toBe(false);
    expect(match("name.middleName pr")).toBe(false);
  });

  it("ne: true on a missing attribute, false when equal", () => {
    expect(match('locale ne "en"')).toBe(true);
    expect(match('userName ne "test_user@contoso.com"')).toBe(false);
    expect(match('userName ne "other"')).toBe(true);
    expect(match("locale eq null")).toBe(true);
    expect(match("userName eq null")).toBe(false);
    expect(match("userName ne null")).toBe(true);
  });

  it("dateTimes compare as instants, including Postman's 7-digit fraction with offset", () => {
    expect(match("meta.Created gt 2015-10-10T14:38:21.8617979-07:00")).toBe(true);
    expect(match('meta.created lt "2018-03-27T20:59:26+01:00"')).toBe(false); // same instant
    expect(match('meta.created le "2018-03-27T20:59:26+01:00"')).toBe(true);
    expect(match('meta.created eq "2018-03-27T19:59:26Z"')).toBe(true);
  });

  it("numbers compare numerically, strings lexicographically", () => {
    expect(match("loginCount gt 10")).toBe(false);
    expect(match("loginCount ge 7")).toBe(true);
    expect(match('loginCount eq "7"')).toBe(true);
    expect(match('userName gt "test"')).toBe(true);
    expect(match('userName lt "A"')).toBe(false);
    expect(match("active gt true")).toBe(false); // booleans have no order
  });

  it('booleans accept Entra\'s "True"/"False" strings on either side', () => {
    expect(match('active eq "True"')).toBe(true);
    expect(match("active eq TRUE")).toBe(true);
    expect(match('active eq "false"')).toBe(false);
    expect(match("emails[primary eq true].type eq work")).toBe(true);
    expect(match("emails[primary eq false].type eq home")).toBe(true);
    expect(match('emails[primary eq "yes"]')).toBe(false);
  });

  it("not and or", () => {
    expect(match('not (userName eq "x")')).toBe(true);
    expect(match('userName eq "x" or active eq true')).toBe(true);
    expect(match("not (userName pr) or not (active eq true)")).toBe(false);
  });

  it("enterprise extension attributes live under their URN key", () => {
    expect(match(`${ENT}:employeeNumber eq "701984"`)).toBe(true);
    expect(match(`${ENT.toUpperCase()}:EMPLOYEENUMBER eq 701984`)).toBe(true); // number vs numeric string
    expect(match(`${ENT}:manager.value eq "MGR-1"`)).toBe(true);
    expect(match(`${ENT}:department pr`)).toBe(false);
  });

  it("a core-URN-prefixed attribute is found at the top level", () => {
    expect(match('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "test_user@contoso.com"')).toBe(true);
  });

  it("value-path sub-attributes get the case rules of the qualified attribute (members.value is caseExact)", () => {
    const group = { displayName: "Sales", members: [{ value: "abc-123", display: "Ann" }] };
    const groupOpts = { caseExact: (p: AttrPath) => isCaseExact("Group", p) };
    const m = (f: string) => evaluateFilter(parseFilter(f), group, groupOpts);
    expect(m('members[value eq "abc-123"]')).toBe(true);
    expect(m('members[value eq "ABC-123"]')).toBe(false);
    expect(m('members[display eq "ANN"]')).toBe(true);
    expect(m('displayName eq "sales"')).toBe(true);
  });

  it("evaluates a bracket filter directly on one element (PATCH use)", () => {
    const f = parseFilter('type eq "Work"');
    expect(evaluateFilter(f, { type: "work", value: "a@b" }, { caseExact: () => false })).toBe(true);
    expect(evaluateFilter(f, { type: "work", value: "a@b" }, { caseExact: () => true })).toBe(false);
  });

  it("only own properties are visible", () => {
    expect(match("constructor pr", {})).toBe(false);
    expect(match("toString pr", {})).toBe(false);
    // The parser rejects `__proto__`; the evaluator must still be safe on a hand-built AST.
    const proto: Filter = { op: "pr", path: { attr: "__proto__" } };
    expect(evaluateFilter(proto, {}, userOpts)).toBe(false);
  });
});

// ---- property-style robustness --------------------------------------------------------------------

/** mulberry32: a small seeded PRNG so failures reproduce. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  'userName eq "Test_User_00aa00aa"',
  "externalId eq jyoung",
  'emails[type eq "work"].value eq "user@contoso.com"',
  "name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)",
  "meta.Created gt 2015-10-10T14:38:21.8617979-07:00",
  `${ENT}:manager.value eq "x"`,
  'not (a eq 1) or b pr and c eq "\\u00e9\\""',
  'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
];
const PIECES = [
  '"',
  "\\",
  "(",
  ")",
  "[",
  "]",
  ".",
  ":",
  " ",
  "eq",
  "and",
  "or",
  "not",
  "pr",
  "urn:",
  "\\u",
  "a",
  "1",
  "é",
  "\u0000",
  "\ud800",
];

function mutate(rand: () => number): string {
  let s = SEEDS[Math.floor(rand() * SEEDS.length)];
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const piece = PIECES[Math.floor(rand() * PIECES.length)];
    const kind = rand();
    if (kind < 0.4) s = s.slice(0, at) + piece + s.slice(at);
    else if (kind < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 5));
    else s = s.slice(0, at) + piece + s.slice(at + 1);
  }
  return s;
}

function randomString(rand: () => number): string {
  const n = Math.floor(rand() * 12);
  let s = "";
  for (let i = 0; i < n; i++) {
    s += rand() < 0.5 ? PIECES[Math.floor(rand() * PIECES.length)] : String.fromCharCode(Math.floor(rand() * 128));
    if (rand() < 0.5) s += " ";
  }
  return s;
}

describe("parseFilter robustness", () => {
  it("2 000 random and mutated filters: parse or throw a 400 invalidFilter ScimError, and evaluate", () => {
    const rand = prng(20240611);
    const resource = {
      userName: "a",
      emails: [{ type: "work", value: "x" }],
      a: 1,
      [ENT]: { manager: { value: "x" } },
    };
    let parsed = 0;
    for (let i = 0; i < 2000; i++) {
      const input = i % 2 === 0 ? mutate(rand) : randomString(rand);
      let filter: Filter;
      try {
        filter = parseFilter(input);
      } catch (e) {
        if (!(e instanceof ScimError) || e.status !== 400 || e.scimType !== "invalidFilter") {
          throw new Error(`unexpected ${String(e)} for ${JSON.stringify(input)}`, { cause: e });
        }
        continue;
      }
      parsed++;
      expect(typeof evaluateFilter(filter, resource, { caseExact: () => false })).toBe("boolean");
    }
    expect(parsed).toBeGreaterThan(50); // the mutations must exercise the success path too
    // (no time limit here: a pathological slowdown shows up as the test timeout; speed is for benchmarks)
  });
});
