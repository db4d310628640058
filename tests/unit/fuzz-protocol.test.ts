// Property-based fuzzing of the protocol layer (issue: "bad input never breaks it"). Every generated
// input must either be accepted or be rejected with a SCIM 400 that carries a scimType — never any
// other exception — and rejected PATCHes must leave the resource untouched.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { parseFilter } from "@/lib/scim/filter/parse";
import { parsePatchPath } from "@/lib/scim/path";
import { parsePatchRequest, applyUserPatch, planGroupPatch } from "@/lib/scim/patch";
import { normalizeUserInput } from "@/lib/scim/user/resource";
import { normalizeGroupInput } from "@/lib/scim/group/resource";
import { ScimError } from "@/lib/scim/errors";
import type { Filter, AttrPath } from "@/lib/scim/filter/ast";
import { SqlBuilder, compileFilter } from "@/lib/services/scim/sql";

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
let casesRun = 0;
/** What each property's cases came to: accepted, or rejected by scimType (checked by the last test). */
const outcomes: Record<string, { accepted: number; rejected: Record<string, number> }> = {};

/** Runs fn; passes if it returns, or throws a 400 ScimError with a scimType. */
function acceptsOrRejectsCleanly(fn: () => unknown): boolean {
  casesRun++;
  const o = (outcomes[expect.getState().currentTestName ?? "?"] ??= { accepted: 0, rejected: {} });
  try {
    fn();
    o.accepted++;
    return true;
  } catch (e) {
    if (!(e instanceof ScimError)) throw new Error(`non-SCIM exception: ${(e as Error)?.stack ?? e}`, { cause: e });
    expect(e.status).toBe(400);
    expect(e.scimType).toBeTruthy();
    expect(e.detail.length).toBeGreaterThan(0);
    o.rejected[e.scimType!] = (o.rejected[e.scimType!] ?? 0) + 1;
    return true;
  }
}

// ---- generators ---------------------------------------------------------------------------------

const attrNames = [
  "userName",
  "displayName",
  "externalId",
  "id",
  "title",
  "active",
  "nickName",
  "userType",
  "emails",
  "name",
];
const subNames = ["value", "type", "givenName", "familyName", "primary", "formatted", "created", "lastModified"];
const ops = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;

const attrPath: fc.Arbitrary<AttrPath> = fc
  .record(
    {
      uri: fc.constantFrom(
        undefined,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:schemas:core:2.0:User",
      ),
      attr: fc.constantFrom(...attrNames),
      sub: fc.constantFrom(undefined, ...subNames),
    },
    { requiredKeys: ["attr"] },
  )
  .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as AttrPath);

const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("2015-10-10T14:38:21.8617979-07:00", "work", "True", 'x"y\\z', "ünïcødé"),
);

const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ op: fc.constantFrom(...ops), path: attrPath, value }) as fc.Arbitrary<Filter>,
    fc.record({ op: fc.constant("pr" as const), path: attrPath }) as fc.Arbitrary<Filter>,
    fc.record({
      op: fc.constantFrom("and" as const, "or" as const),
      left: tie("f"),
      right: tie("f"),
    }) as fc.Arbitrary<Filter>,
    fc.record({ op: fc.constant("not" as const), filter: tie("f") }) as fc.Arbitrary<Filter>,
  ),
})).f;

/** Serialises an AST the way a client would write it (always parenthesised, values as JSON). */
function show(f: Filter): string {
  const path = (p: AttrPath) => (p.uri ? `${p.uri}:` : "") + p.attr + (p.sub ? `.${p.sub}` : "");
  switch (f.op) {
    case "and":
    case "or":
      return `(${show(f.left)}) ${f.op} (${show(f.right)})`;
    case "not":
      return `not (${show(f.filter)})`;
    case "pr":
      return `${path(f.path)} pr`;
    case "valuePath":
      return `${path(f.path)}[${show(f.filter)}]`;
    default:
      return `${path(f.path)} ${f.op} ${JSON.stringify(f.value)}`;
  }
}

function mutate(s: string, edits: { at: number; del: number; ins: string }[]) {
  let out = s;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.ins + out.slice(at + e.del);
  }
  return out;
}
const edits = fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.string({ maxLength: 3 }) }), {
  maxLength: 4,
});

const jsonish = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom("True", "False", "", "work", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        "value",
        "type",
        "primary",
        "display",
        "$ref",
        "givenName",
        "Value",
        "members",
        "userName",
        "active",
        "emails",
        "name",
        "name.givenName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
      ),
      tie("v"),
      { maxKeys: 4 },
    ),
  ),
})).v;

const patchOp = fc.record({
  op: fc.constantFrom("add", "Add", "replace", "Replace", "remove", "REMOVE", "bogus", 7 as unknown as string),
  path: fc.option(
    fc.oneof(
      fc.constantFrom(
        "userName",
        "active",
        "emails",
        'emails[type eq "work"].value',
        "name.givenName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        'members[value eq "x"]',
        "members",
        "displayName",
        "roles",
        "groups",
        "id",
        'addresses[type eq "work"].streetAddress',
        "phoneNumbers",
      ),
      fc.string({ maxLength: 20 }),
    ),
    { nil: undefined },
  ),
  value: jsonish,
});

// ---- properties ---------------------------------------------------------------------------------

const baseUser = {
  userName: "ada@example.com",
  active: true,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [{ value: "ada@example.com", type: "work", primary: true }],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D", manager: { value: "m1" } },
};

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe("fuzzing the protocol layer", () => {
  it("filters: printed random ASTs parse back to the same AST", () => {
    fc.assert(
      fc.property(filterArb, (f) => {
        casesRun++;
        const parsed = parseFilter(show(f));
        expect(show(parsed)).toBe(show(f));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("filters: random and mutated strings are parsed or rejected with invalidFilter", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.tuple(filterArb, edits).map(([f, e]) => mutate(show(f), e)),
        ),
        (s) => acceptsOrRejectsCleanly(() => parseFilter(s)),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("filters: every parsed filter compiles to SQL or is rejected, with one parameter per placeholder", () => {
    fc.assert(
      fc.property(
        filterArb,
        fc.constantFrom("sqlite", "postgres") as fc.Arbitrary<"sqlite" | "postgres">,
        fc.constantFrom("User", "Group") as fc.Arbitrary<"User" | "Group">,
        (f, provider, type) =>
          acceptsOrRejectsCleanly(() => {
            const b = new SqlBuilder(provider);
            const q = b.finalize(compileFilter(f, { type, table: type === "User" ? `"Member"` : `"Group"`, b }));
            const placeholders =
              provider === "sqlite" ? (q.sql.match(/\?/g) ?? []).length : new Set(q.sql.match(/\$\d+/g) ?? []).size;
            expect(placeholders).toBe(q.params.length);
            expect(q.sql).not.toContain("\u0001");
          }),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("PATCH paths: random and mutated paths are parsed or rejected with invalidPath", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc
            .tuple(
              fc.constantFrom(
                'emails[type eq "work"].value',
                "name.givenName",
                'members[value eq "a"]',
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
              ),
              edits,
            )
            .map(([p, e]) => mutate(p, e)),
        ),
        (s) => acceptsOrRejectsCleanly(() => parsePatchPath(s)),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("user PATCH: random operations apply or are rejected, and never change the input", () => {
    const frozen = deepFreeze(structuredClone(baseUser));
    fc.assert(
      fc.property(fc.array(patchOp, { maxLength: 5 }), (operations) =>
        acceptsOrRejectsCleanly(() => {
          const parsed = parsePatchRequest({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: operations,
          });
          const out = applyUserPatch(frozen, parsed);
          expect(typeof out).toBe("object");
          expect(frozen).toEqual(baseUser);
        }),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("group PATCH: random operations plan or are rejected; a remove with a value never empties the group", () => {
    fc.assert(
      fc.property(fc.array(patchOp, { maxLength: 5 }), (operations) =>
        acceptsOrRejectsCleanly(() => {
          const plan = planGroupPatch(parsePatchRequest({ Operations: operations }));
          const removeAlls = plan.steps.filter((s) => s.kind === "removeAll").length;
          const pathOnlyRemoves = operations.filter(
            (o) =>
              typeof o.op === "string" &&
              o.op.toLowerCase() === "remove" &&
              typeof o.path === "string" &&
              o.path.toLowerCase() === "members" &&
              (o.value === undefined || o.value === null),
          ).length;
          expect(removeAlls).toBeLessThanOrEqual(pathOnlyRemoves);
        }),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("request bodies: random JSON becomes a user/group document or a clean 400", () => {
    fc.assert(
      fc.property(
        jsonish,
        fc.dictionary(
          fc.constantFrom(
            "userName",
            "displayName",
            "active",
            "emails",
            "members",
            "name",
            "externalId",
            "schemas",
            "meta",
            "password",
          ),
          jsonish,
          { maxKeys: 6 },
        ),
        (raw, obj) => {
          acceptsOrRejectsCleanly(() => normalizeUserInput(raw));
          acceptsOrRejectsCleanly(() => normalizeUserInput(obj));
          acceptsOrRejectsCleanly(() => normalizeGroupInput(obj));
          acceptsOrRejectsCleanly(() => parsePatchRequest(raw));
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it("handles deep nesting and huge strings without crashing", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 5000; i++) deep = { value: deep };
    acceptsOrRejectsCleanly(() => normalizeUserInput({ userName: "a", name: deep }));
    acceptsOrRejectsCleanly(() => parseFilter("(".repeat(3000) + 'userName eq "a"' + ")".repeat(3000)));
    acceptsOrRejectsCleanly(() => parseFilter(`userName eq "${"a".repeat(100_000)}"`));
    acceptsOrRejectsCleanly(() =>
      parsePatchRequest({
        Operations: Array.from({ length: 10_000 }, () => ({ op: "add", path: "title", value: "x" })),
      }),
    );
    acceptsOrRejectsCleanly(() => normalizeUserInput({ userName: "\ud800broken-surrogate" }));
  });

  it("ran at least 10 000 generated cases, and every property reached both acceptance and rejection", () => {
    // The suite's own guard: lowering FUZZ_RUNS below the floor fails here.
    expect(casesRun).toBeGreaterThanOrEqual(10_000);
    // A generator that only produced garbage (or only valid input), or a parser that rejected everything
    // with one catch-all error, would still "pass" each property: so each property must have accepted
    // at least 1% of its cases and rejected at least 1%, with the scimTypes its validators own.
    const expected: Record<string, string[]> = {
      "filters: random and mutated strings": ["invalidFilter"],
      "filters: every parsed filter compiles": ["invalidFilter"],
      "PATCH paths": ["invalidPath"],
      "user PATCH": ["invalidSyntax", "invalidPath", "noTarget", "invalidValue"],
      "group PATCH": ["invalidSyntax", "invalidPath", "noTarget", "invalidValue"],
      "request bodies": ["invalidSyntax", "invalidValue"],
    };
    for (const [prefix, scimTypes] of Object.entries(expected)) {
      const name = Object.keys(outcomes).find((n) => n.includes(`> ${prefix}`));
      expect(name, prefix).toBeDefined();
      const o = outcomes[name!];
      const rejected = Object.values(o.rejected).reduce((n, c) => n + c, 0);
      const total = o.accepted + rejected;
      const where = `${prefix}: ${JSON.stringify(o)}`;
      expect(o.accepted, where).toBeGreaterThan(total / 100);
      expect(rejected, where).toBeGreaterThan(total / 100);
      for (const t of scimTypes) expect(o.rejected[t] ?? 0, `${where} (${t})`).toBeGreaterThan(0);
      // the filter and path parsers reject with their own scimType only
      if (scimTypes.length === 1) expect(Object.keys(o.rejected), where).toEqual(scimTypes);
    }
  });
});
