// The admin server actions under fire (issue 6): the REAL action functions of app/w/[slug]/**/actions.ts
// (members, settings, single sign-on, domains), app/setup/actions.ts and app/invite/[token]/actions.ts,
// called the way Next calls them (bound arguments, then a FormData), against the real database. Only
// the request context Next would provide is stubbed: next-auth's getServerSession (whose session it is)
// and next/cache's revalidatePath (no cache outside a Next server).
//
//  1. Fuzzing: random FormData (missing, duplicated, oversized, non-string and unknown fields, values of
//     every shape) → every call resolves to a form state — ok, or messages on known fields — and never
//     throws (a throw is a 500 in Next). A rejected call changes nothing; the other workspace never changes.
//  2. Isolation matrix: B's owner acting with A's ids (under A's slug and under B's slug) on every action →
//     refused, A unchanged. The test counts the cells and fails if an action is added without a row.
//  3. No session at all → every action refuses.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { signInAs } from "../support/session-mock";
import fc from "fast-check";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));
vi.mock("next/cache", async () => (await import("../support/session-mock")).nextCacheStub());

import type { ActionState } from "@/components/action-state";
import * as memberActions from "@/app/w/[slug]/members/actions";
import * as settingsActions from "@/app/w/[slug]/settings/actions";
import * as ssoActions from "@/app/w/[slug]/settings/sso/actions";
import * as domainActions from "@/app/w/[slug]/settings/domains/actions";
import { setupAction } from "@/app/setup/actions";
import { acceptInviteAction } from "@/app/invite/[token]/actions";
import { createInviteLink } from "@/lib/services/invitations";
import type { Db } from "@/lib/db/client";
import { manualMemberData } from "@/lib/services/member-data";
import { createManualMember } from "@/lib/services/members";
import { createToken } from "@/lib/services/tokens";
import { saveSamlSettings } from "@/lib/services/sso/connections";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";
import { newWorkspace, uid } from "../support/workspace";

/** Random forms per action (10 actions: 1 500 calls per database by default). */
const RUNS = Number(process.env.FUZZ_ACTION_RUNS ?? 150);
type Ws = Awaited<ReturnType<typeof newWorkspace>>;

/** Every row of one workspace an admin action can touch. */
async function snapshot(db: Db, workspaceId: string): Promise<string> {
  const [workspace, members, tokens, groups, links, invitations] = [
    await db.workspace.findUnique({ where: { id: workspaceId } }),
    await db.member.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    await db.scimToken.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    await db.group.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    await db.groupMember.findMany({ where: { workspaceId }, orderBy: [{ groupId: "asc" }, { memberId: "asc" }] }),
    await db.invitation.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  ];
  const [sso, domains, nonces, events] = [
    await db.ssoConnection.findUnique({ where: { workspaceId } }),
    await db.domain.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
    await db.ssoNonce.findMany({ where: { workspaceId }, orderBy: { key: "asc" } }),
    // (the retention action deletes old events: an action aimed at another workspace must not)
    await db.provisioningEvent.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  ];
  // (a refused action must not leave an audit entry either)
  const audit = await db.auditEvent.findMany({ where: { workspaceId }, orderBy: { id: "asc" } });
  return JSON.stringify({
    workspace,
    members,
    tokens,
    groups,
    links,
    invitations,
    sso,
    domains,
    nonces,
    events,
    audit,
  });
}

/** Provisioning events 400 days and 1 hour old: any retention setting prunes the first and keeps the second. */
async function seedOldAndRecentEvents(db: Db, workspaceId: string) {
  const at = (ms: number) => new Date(Date.now() - ms);
  await db.provisioningEvent.createMany({
    data: [400 * 86_400_000, 3_600_000].map((age) => ({
      workspaceId,
      method: "GET",
      path: `/scim/v2/Users/${age}`,
      status: 200,
      durationMs: 1,
      createdAt: at(age),
    })),
  });
}

type Action = (form: FormData) => Promise<ActionState>;
interface ActionDef {
  name: string;
  run: Action;
  fields: string[];
}

const ACTIONS: ActionDef[] = [
  {
    name: "inviteMembersAction",
    run: (f) => memberActions.inviteMembersAction({}, f),
    fields: ["slug", "emails", "role", "name"],
  },
  {
    name: "createInviteLinkAction",
    run: (f) => memberActions.createInviteLinkAction({}, f),
    fields: ["slug", "memberId"],
  },
  { name: "changeRoleAction", run: (f) => memberActions.changeRoleAction({}, f), fields: ["slug", "memberId", "role"] },
  {
    name: "setSuspendedAction",
    run: (f) => memberActions.setSuspendedAction({}, f),
    fields: ["slug", "memberId", "suspend"],
  },
  { name: "removeMemberAction", run: (f) => memberActions.removeMemberAction({}, f), fields: ["slug", "memberId"] },
  { name: "confirmLinkAction", run: (f) => memberActions.confirmLinkAction({}, f), fields: ["slug", "memberId"] },
  { name: "detachLinkAction", run: (f) => memberActions.detachLinkAction({}, f), fields: ["slug", "memberId"] },
  {
    name: "createTokenAction",
    run: (f) => settingsActions.createTokenAction(f),
    fields: ["slug", "label", "expiresInDays"],
  },
  { name: "revokeTokenAction", run: (f) => settingsActions.revokeTokenAction({}, f), fields: ["slug", "tokenId"] },
  { name: "removeTokenAction", run: (f) => settingsActions.removeTokenAction({}, f), fields: ["slug", "tokenId"] },
  {
    name: "saveRetentionAction",
    run: (f) => settingsActions.saveRetentionAction({}, f),
    fields: ["slug", "retentionDays"],
  },
];

/** Single sign-on and domain actions take the workspace slug (and a domain id) as bound arguments, then a
 * FormData, and return the admin forms' { ok, message } | { errors, values }. Not fuzzed here: saveOidcAction (it fetches the
 * issuer's discovery document), verifyDomainAction (a DNS lookup) and testSsoAction (a redirect to the IdP);
 * all three are in the isolation matrix below. */
interface BoundDef {
  name: string;
  /** form fields sent (and the fields a field error may name) */
  fields: string[];
  takesId?: boolean;
  run: (slug: string, id: string, form: FormData) => Promise<ActionState>;
}
const BOUND: BoundDef[] = [
  { name: "addDomainAction", fields: ["domain"], run: (slug, _id, f) => domainActions.addDomainAction(slug, {}, f) },
  {
    name: "renewDomainAction",
    fields: [],
    takesId: true,
    run: (slug, id) => domainActions.renewDomainAction(slug, id, {}),
  },
  {
    name: "removeDomainAction",
    fields: [],
    takesId: true,
    run: (slug, id) => domainActions.removeDomainAction(slug, id, {}),
  },
  {
    name: "saveSamlAction",
    fields: ["metadataXml", "entityId", "ssoUrl", "cert", "metadataFile"],
    run: (slug, _id, f) => ssoActions.saveSamlAction(slug, {}, f),
  },
  {
    name: "saveOptionsAction",
    fields: ["enforce", "jit"],
    run: (slug, _id, f) => ssoActions.saveOptionsAction(slug, {}, f),
  },
  { name: "resetLinksAction", fields: [], run: (slug) => ssoActions.resetLinksAction(slug, {}) },
  { name: "removeSsoAction", fields: [], run: (slug) => ssoActions.removeSsoAction(slug, {}) },
];

function expectSsoActionState(def: { name: string; fields: string[] }, state: ActionState, input: string) {
  expect(state, `${def.name} ${input}`).toBeTypeOf("object");
  const errors = Object.entries(state.errors ?? {});
  // either a success with its message, or at least one error (and no success)
  expect(!!state.ok !== errors.length > 0, `${def.name} ${input}: ${JSON.stringify(state)}`).toBe(true);
  if (state.ok) expect(state.message?.length).toBeGreaterThan(0);
  for (const [field, message] of errors) {
    expect(
      [...def.fields, "form", "ssoUrl", "entityId", "cert", "metadataUrl", "issuer", "clientId", "clientSecret"],
      `${def.name}: error on unknown field ${field}`,
    ).toContain(field);
    expect(message.length).toBeGreaterThan(0);
  }
}

/** The result must be a form state: ok, or at least one non-empty message, on a field the form has or on "form". */
function expectActionState(def: { name: string; fields: string[] }, state: ActionState, input: string) {
  expect(state, `${def.name} ${input}`).toBeTypeOf("object");
  if (state.errors && Object.keys(state.errors).length) {
    for (const [field, message] of Object.entries(state.errors)) {
      expect([...def.fields, "form"], `${def.name}: error on unknown field ${field} for ${input}`).toContain(field);
      expect(typeof message).toBe("string");
      expect(message.length, `${def.name}.${field}`).toBeGreaterThan(0);
    }
  } else {
    expect(state.ok, `${def.name} ${input}: ${JSON.stringify(state)}`).toBe(true);
  }
}

let a: Ws;
let b: Ws;
let idp: TestSamlIdp;
/** live ids, re-read after accepted changes (members come and go) */
const pool = {
  aMembers: [] as string[],
  bMembers: [] as string[],
  aTokens: [] as string[],
  bTokens: [] as string[],
  aDomains: [] as string[],
  bDomains: [] as string[],
};

async function refreshPool() {
  const ids = async (where: object, model: "member" | "scimToken") =>
    (
      await (model === "member"
        ? a.db.member.findMany({ where, select: { id: true } })
        : a.db.scimToken.findMany({ where, select: { id: true } }))
    ).map((r) => r.id);
  pool.aMembers = await ids({ workspaceId: a.workspace.id }, "member");
  pool.bMembers = await ids({ workspaceId: b.workspace.id }, "member");
  pool.aTokens = await ids({ workspaceId: a.workspace.id }, "scimToken");
  pool.bTokens = await ids({ workspaceId: b.workspace.id }, "scimToken");
  pool.aDomains = (await a.db.domain.findMany({ where: { workspaceId: a.workspace.id }, select: { id: true } })).map(
    (d) => d.id,
  );
  pool.bDomains = (await a.db.domain.findMany({ where: { workspaceId: b.workspace.id }, select: { id: true } })).map(
    (d) => d.id,
  );
}

/** Keeps A populated so that valid-looking requests keep finding targets, and keeps the session's
 * account an active owner of A (the fuzzer may demote, suspend or remove it once another owner exists). */
async function replenish() {
  const me = await a.db.member.findFirst({ where: { workspaceId: a.workspace.id, accountId: a.owner.accountId } });
  if (!me) {
    // (linked directly: an invitation would leave the owner's account outside until accepted)
    const owner = await a.db.member.create({
      data: {
        ...manualMemberData(a.owner.userName),
        workspaceId: a.workspace.id,
        accountId: a.owner.accountId,
        role: "owner",
      },
    });
    pool.aMembers.push(owner.id);
  } else if (me.role !== "owner" || me.status !== "active") {
    await a.db.member.update({ where: { id: me.id }, data: { role: "owner", status: "active", active: true } });
  }
  while (pool.aMembers.length < 6) {
    const m = await createManualMember(a.workspace.id, { email: `${uid("m")}@example.test`, role: "member" });
    pool.aMembers.push(m.id);
  }
  // Most members carry a link the identity migration marked for review, so the confirm/detach actions
  // find one often enough to be accepted (each confirm or detach clears one).
  const flagged = await a.db.member.count({ where: { workspaceId: a.workspace.id, linkReview: { not: null } } });
  if (flagged < 5) {
    const more = await a.db.member.findMany({
      where: { workspaceId: a.workspace.id, linkReview: null, role: { not: "owner" } },
      take: 5 - flagged,
      select: { id: true },
    });
    // (the role fuzzer may have made every member an owner: then new members carry the flag)
    while (more.length < 5 - flagged) {
      const m = await createManualMember(a.workspace.id, { email: `${uid("m")}@example.test`, role: "member" });
      pool.aMembers.push(m.id);
      more.push({ id: m.id });
    }
    for (const m of more) await a.db.member.update({ where: { id: m.id }, data: { linkReview: "attached_existing" } });
  }
  while (pool.aDomains.length < 2) {
    const d = await a.db.domain.create({
      data: {
        workspaceId: a.workspace.id,
        domain: `${uid("d")}.example.com`,
        verificationToken: uid("v"),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    pool.aDomains.push(d.id);
  }
  const activeTokens = await a.db.scimToken.count({ where: { workspaceId: a.workspace.id, revokedAt: null } });
  if (activeTokens < 2) pool.aTokens.push((await createToken(a.workspace.id, { label: uid("tok") })).token.id);
}

// ---- generators -------------------------------------------------------------------------------------

const BIG = "x".repeat(100_001);
const scalarText = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom(
    "",
    " ",
    "owner",
    "admin",
    "member",
    "member_lite",
    "OWNER",
    "superuser",
    "true",
    "false",
    "TRUE",
    "1",
    "0",
    "-1",
    "1.5",
    "1e3",
    " 7 ",
    "365",
    "366",
    "3650",
    "3651",
    "NaN",
    "Infinity",
    "0x10",
    "abc",
    "a@b.c",
    "x@example.com, y@example.com;z@example.com",
    "not-an-email",
    "\u0000",
    "a\u0000b@example.com",
    "\ud800",
    "Entra ID",
    "ünïcødé@exämple.com",
    "<script>alert(1)</script>",
    BIG,
  ),
);

/** A value for `field`: mostly plausible, often garbage. Ids come from the live pools at run time. */
function fieldValue(field: string, ownSlug: () => string, foreignSlug: () => string): fc.Arbitrary<string> {
  const pick = (list: () => string[]) => fc.nat().map((n) => (list().length ? list()[n % list().length] : "none"));
  const plausible: Record<string, fc.Arbitrary<string>> = {
    slug: fc.oneof(
      { weight: 6, arbitrary: fc.constant(0).map(() => ownSlug()) },
      { weight: 1, arbitrary: fc.constant(0).map(() => foreignSlug()) },
    ),
    memberId: fc.oneof(
      { weight: 5, arbitrary: pick(() => pool.aMembers) },
      { weight: 1, arbitrary: pick(() => pool.bMembers) },
    ),
    tokenId: fc.oneof(
      { weight: 5, arbitrary: pick(() => pool.aTokens) },
      { weight: 1, arbitrary: pick(() => pool.bTokens) },
    ),
    role: fc.constantFrom("owner", "admin", "member", "member_lite"),
    suspend: fc.constantFrom("true", "false"),
    emails: fc.oneof(
      fc.nat().map((n) => `fz${n}-${uid("")}@example.test`),
      fc
        .array(fc.nat(), { minLength: 2, maxLength: 4 })
        .map((ns) => ns.map((n) => `fz${n}-${uid("")}@example.test`).join(", ")),
    ),
    name: fc.string({ maxLength: 30 }),
    label: fc.string({ minLength: 1, maxLength: 30 }),
    expiresInDays: fc.oneof(fc.constant(""), fc.integer({ min: 1, max: 3650 }).map(String)),
    retentionDays: fc.integer({ min: 1, max: 365 }).map(String),
    ownerEmail: fc.constant("setup@example.test"),
    ownerPassword: fc.string({ minLength: 8, maxLength: 20 }),
    ownerName: fc.string({ maxLength: 20 }),
    domain: fc.oneof(
      fc.nat().map((n) => `d${n}-${uid("")}.example.com`),
      fc.constantFrom(
        "https://Acme.example.com/",
        "@corp.example",
        "example.com.",
        "localhost",
        "a..b",
        "xn--bcher-kva.example",
      ),
    ),
    metadataXml: fc.oneof(
      fc.constant(0).map(() => idp.metadataXml),
      fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, ins]) => {
        const x = idp.metadataXml;
        const i = at % x.length;
        return x.slice(0, i) + ins + x.slice(i + 5);
      }),
      fc.constantFrom(
        "",
        "<x/>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>',
        "not xml at all",
      ),
    ),
    entityId: fc.constantFrom("https://idp.example/entity", "urn:idp", "", "urn:idp\u0000", "\udc00"),
    ssoUrl: fc.constantFrom(
      "https://idp.example/sso",
      "http://idp.example/sso",
      "javascript:alert(1)",
      "ftp://x",
      "not a url",
      "",
    ),
    cert: fc.oneof(
      fc.constant(0).map(() => idp.cert),
      fc.constantFrom("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "garbage", ""),
    ),
    enforce: fc.constantFrom("on", "off", ""),
    jit: fc.constantFrom("on", "off", ""),
  };
  // Mostly plausible, so that a fair share of calls is accepted (and the accepted paths are exercised too).
  return fc.oneof({ weight: 5, arbitrary: plausible[field] ?? scalarText }, { weight: 1, arbitrary: scalarText });
}

type Entry = [string, string | Blob];
function formArb(fields: string[], ownSlug: () => string, foreignSlug: () => string): fc.Arbitrary<Entry[]> {
  const perField = fields.map((field) =>
    fc.oneof(
      { weight: 12, arbitrary: fieldValue(field, ownSlug, foreignSlug).map((v) => [[field, v]] as Entry[]) },
      { weight: 1, arbitrary: fc.constant([] as Entry[]) }, // missing
      {
        weight: 1,
        arbitrary: fc.tuple(fieldValue(field, ownSlug, foreignSlug), scalarText).map(
          ([x, y]) =>
            [
              [field, x],
              [field, y],
            ] as Entry[],
        ),
      }, // duplicated
      { weight: 1, arbitrary: fc.constant([[field, new Blob(["file body"])]] as Entry[]) }, // a file instead of text
    ),
  );
  const extras = fc.array(
    fc
      .tuple(
        fc.constantFrom(
          "$ACTION_ID_abc",
          "$ACTION_REF_1",
          "__proto__",
          "constructor",
          "workspaceId",
          "id",
          "errors",
          "ok",
          "role[]",
          "slug ",
        ),
        scalarText,
      )
      .map(([k, v]) => [k, v] as Entry),
    { maxLength: 3 },
  );
  return fc.tuple(fc.tuple(...perField), extras).map(([parts, extra]) => [...parts.flat(), ...extra]);
}

function toForm(entries: Entry[]): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

const describeEntries = (entries: Entry[]) =>
  JSON.stringify(
    entries.map(([k, v]) => [
      k,
      typeof v === "string" ? (v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v) : "<Blob>",
    ]),
  );

/** Bookkeeping shared by every action property: an accepted call refreshes the id pool and A's snapshot,
 * a rejected one must have left A exactly as it was. At the end, B is untouched and both outcomes
 * happened (a generator that only ever hits one side tests nothing). */
async function outcomeTracker(name: string) {
  const c = { accepted: 0, rejected: 0 };
  let snapA = await snapshot(a.db, a.workspace.id);
  const snapB = await snapshot(b.db, b.workspace.id);
  return {
    counts: c,
    async record(accepted: boolean, why: () => string) {
      if (accepted) {
        c.accepted++;
        await refreshPool();
        await replenish();
        snapA = await snapshot(a.db, a.workspace.id);
      } else {
        c.rejected++;
        expect(await snapshot(a.db, a.workspace.id), `${name} rejected ${why()} but changed A`).toBe(snapA);
      }
    },
    async finish() {
      expect(await snapshot(b.db, b.workspace.id), `${name} changed workspace B`).toBe(snapB);
      expect(c.accepted + c.rejected).toBe(RUNS);
      expect(c.accepted, `${name} never accepted anything: the generator is too hostile`).toBeGreaterThan(0);
      expect(c.rejected).toBeGreaterThan(0);
    },
  };
}

// ---- the suite ----------------------------------------------------------------------------------------

describe("admin server actions", () => {
  const counts: Record<string, { accepted: number; rejected: number }> = {};

  beforeAll(async () => {
    idp = await startSamlIdp();
    a = await newWorkspace();
    b = await newWorkspace();
    await saveSamlSettings(b.workspace.id, { entityId: idp.entityId, ssoUrl: idp.ssoUrl, cert: idp.cert });
    await b.db.domain.create({
      data: {
        workspaceId: b.workspace.id,
        domain: `${uid("b")}.example.com`,
        verificationToken: "v",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    for (let i = 0; i < 3; i++)
      await createManualMember(b.workspace.id, { email: `${uid("b")}@example.test`, role: "member" });
    await createToken(b.workspace.id, { label: "B second" });
    await seedOldAndRecentEvents(a.db, a.workspace.id);
    await seedOldAndRecentEvents(b.db, b.workspace.id);
    await refreshPool();
    await replenish();
  });

  beforeEach(() => {
    signInAs(null);
  });

  afterAll(async () => {
    await idp?.close();
    console.log(`admin action fuzzing (${process.env.TEST_DB ?? "sqlite"}): ${JSON.stringify(counts)}`);
  });

  for (const def of ACTIONS) {
    it(`${def.name}: random FormData → a form state, never a throw; rejected calls change nothing`, async () => {
      signInAs(a.owner.accountId);
      const t = await outcomeTracker(def.name);
      counts[def.name] = t.counts;
      await fc.assert(
        fc.asyncProperty(
          formArb(
            def.fields,
            () => a.workspace.slug,
            () => b.workspace.slug,
          ),
          async (entries) => {
            const input = describeEntries(entries);
            let state: ActionState;
            try {
              state = await def.run(toForm(entries));
            } catch (e) {
              throw new Error(`${def.name} threw (a 500 in Next) for ${input}: ${(e as Error)?.stack ?? e}`, {
                cause: e,
              });
            }
            expectActionState(def, state, input);
            const partial = def.name === "inviteMembersAction" && /^Invited/.test(state.message ?? "");
            await t.record(!!state.ok || partial, () => `${input} with ${JSON.stringify(state)}`);
          },
        ),
        { numRuns: RUNS },
      );
      // A's admin never reached into B, whatever ids or slug the forms carried (a change to B could not
      // be undone by A, so checking once per action is enough)
      await t.finish();
    }, 600_000);
  }

  for (const def of BOUND) {
    it(`${def.name} (bound slug${def.takesId ? " and domain id" : ""}): random arguments → a form state, never a throw; rejected calls change nothing`, async () => {
      signInAs(a.owner.accountId);
      const t = await outcomeTracker(def.name);
      counts[def.name] = t.counts;
      const pick = (list: () => string[]) => fc.nat().map((n) => (list().length ? list()[n % list().length] : "none"));
      const slugArb = fc.oneof(
        { weight: 6, arbitrary: fc.constant(0).map(() => a.workspace.slug) },
        { weight: 1, arbitrary: fc.constant(0).map(() => b.workspace.slug) },
        { weight: 1, arbitrary: scalarText },
      );
      const idArb = fc.oneof(
        { weight: 5, arbitrary: pick(() => pool.aDomains) },
        { weight: 1, arbitrary: pick(() => pool.bDomains) },
        { weight: 1, arbitrary: scalarText },
        { weight: 1, arbitrary: fc.constantFrom("\u0000", "a\u0000b", "\ud800") },
      );
      await fc.assert(
        fc.asyncProperty(
          slugArb,
          idArb,
          formArb(
            def.fields,
            () => a.workspace.slug,
            () => b.workspace.slug,
          ),
          async (slug, id, entries) => {
            const input = `slug=${JSON.stringify(slug.slice(0, 40))} id=${JSON.stringify(id.slice(0, 40))} form=${describeEntries(entries)}`;
            let state: ActionState;
            try {
              state = await def.run(slug, id, toForm(entries));
            } catch (e) {
              throw new Error(`${def.name} threw (a 500 in Next) for ${input}: ${(e as Error)?.stack ?? e}`, {
                cause: e,
              });
            }
            expectSsoActionState(def, state, input);
            await t.record(!!state.ok, () => `${input} with ${JSON.stringify(state)}`);
          },
        ),
        { numRuns: RUNS },
      );
      await t.finish();
    }, 600_000);
  }

  it("setupAction: random FormData → field errors, never a throw; setup never runs twice", async () => {
    const def = { name: "setupAction", fields: ["name", "ownerName", "ownerEmail", "ownerPassword"] };
    const before = await a.db.workspace.count();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        formArb(
          def.fields,
          () => "",
          () => "",
        ),
        async (entries) => {
          const input = describeEntries(entries);
          let state;
          try {
            state = await setupAction({}, toForm(entries));
          } catch (e) {
            throw new Error(`setupAction threw for ${input}: ${(e as Error)?.stack ?? e}`, { cause: e });
          }
          expect(state.errors && Object.keys(state.errors).length, input).toBeTruthy();
          for (const [field, message] of Object.entries(state.errors ?? {})) {
            expect([...def.fields, "form"]).toContain(field);
            expect((message as string).length).toBeGreaterThan(0);
          }
          n++;
        },
      ),
      { numRuns: RUNS },
    );
    expect(n).toBe(RUNS);
    expect(await a.db.workspace.count()).toBe(before); // workspaces exist, so setup refuses every time
    counts.setupAction = { accepted: 0, rejected: n };
  }, 600_000);

  it("acceptInviteAction (no session; the link is the credential): random FormData → errors or a join, never a 500", async () => {
    const def = { name: "acceptInviteAction", fields: ["token", "name", "password", "confirm", "hasPassword"] };
    let link = "";
    const newLink = async () => {
      const m = await createManualMember(a.workspace.id, { email: `${uid("inv")}@example.test`, role: "member" });
      link = new URL((await createInviteLink(a.workspace.id, m.id)).url).pathname.split("/").pop()!;
    };
    await newLink();
    let snap = await snapshot(a.db, a.workspace.id);
    const c = (counts[def.name] = { accepted: 0, rejected: 0 });
    const tokenArb = fc.oneof(
      { weight: 3, arbitrary: fc.constant(0).map(() => link) },
      { weight: 1, arbitrary: fc.constant(0).map(() => link.slice(0, -1) + (link.endsWith("A") ? "B" : "A")) },
      { weight: 3, arbitrary: scalarText },
    );
    const entries = fc
      .tuple(
        tokenArb,
        fc.option(scalarText, { nil: undefined }),
        fc.oneof(fc.string({ minLength: 8, maxLength: 16 }), scalarText),
        fc.option(fc.oneof(fc.string({ maxLength: 16 }), scalarText), { nil: undefined }),
        fc.oneof(fc.constantFrom("true", "false"), scalarText),
        fc.boolean(),
      )
      .map(([token, name, password, confirm, hasPassword, same]) => {
        const out: Entry[] = [
          ["token", token],
          ["password", password],
          ["hasPassword", hasPassword],
        ];
        if (name !== undefined) out.push(["name", name]);
        out.push(["confirm", same ? password : (confirm ?? "")]);
        return out;
      });
    await fc.assert(
      fc.asyncProperty(entries, async (e) => {
        const input = describeEntries(e);
        let state;
        try {
          state = await acceptInviteAction({}, toForm(e));
        } catch (err) {
          // redirect() after a successful join is control flow in Next (a 303 to sign-in), not an error
          if (!String((err as { digest?: string })?.digest ?? "").startsWith("NEXT_REDIRECT")) {
            throw new Error(`acceptInviteAction threw for ${input}: ${(err as Error)?.stack ?? err}`, { cause: err });
          }
          c.accepted++;
          await newLink();
          snap = await snapshot(a.db, a.workspace.id);
          return;
        }
        c.rejected++;
        expect(Object.keys(state.errors ?? {}).length, input).toBeGreaterThan(0);
        for (const [field, message] of Object.entries(state.errors ?? {})) {
          expect(["name", "password", "confirm", "form", "token", "hasPassword"], `${field} for ${input}`).toContain(
            field,
          );
          expect((message as string).length).toBeGreaterThan(0);
        }
        expect(await snapshot(a.db, a.workspace.id), `rejected ${input} changed A`).toBe(snap);
      }),
      { numRuns: RUNS },
    );
    expect(c.accepted + c.rejected).toBe(RUNS);
    expect(c.accepted).toBeGreaterThan(0);
    expect(c.rejected).toBeGreaterThan(0);
  }, 600_000);

  it("isolation matrix: B's owner with A's ids, under A's slug and under B's, on every action → refused, A unchanged", async () => {
    // Every exported action is in the matrix: adding one without a row here fails the test.
    const exported = [memberActions, settingsActions, ssoActions, domainActions]
      .flatMap((m) => Object.keys(m))
      .filter((k) => k.endsWith("Action"))
      .sort();
    const BOUND_MATRIX = [...BOUND.map((d) => d.name), "saveOidcAction", "verifyDomainAction", "testSsoAction"];
    expect(exported).toEqual([...ACTIONS.map((x) => x.name), ...BOUND_MATRIX].sort());

    const victim = await newWorkspace();
    // invited (no password): the one kind of member a new invite link could be made for
    const vMember = await createManualMember(victim.workspace.id, { email: `${uid("v")}@example.test`, role: "admin" });
    expect(vMember.status).toBe("invited");
    const attacker = await newWorkspace();
    const aMember = await createManualMember(attacker.workspace.id, {
      email: `${uid("att")}@example.test`,
      role: "member",
    });
    await seedOldAndRecentEvents(victim.db, victim.workspace.id);
    await seedOldAndRecentEvents(attacker.db, attacker.workspace.id);
    signInAs(attacker.owner.accountId);
    const before = await snapshot(victim.db, victim.workspace.id);
    const attackerBefore = await snapshot(attacker.db, attacker.workspace.id);

    const targets = {
      memberId: [victim.owner.id, vMember.id],
      tokenId: [victim.tokenRow.id],
    };
    const base: Record<string, string> = {
      emails: `${uid("new")}@example.test`,
      role: "admin",
      name: "Mallory",
      suspend: "true",
      label: "Stolen",
      expiresInDays: "",
      retentionDays: "1",
    };
    let cells = 0;
    for (const def of ACTIONS) {
      const idField = def.fields.find((f) => f in targets) as keyof typeof targets | undefined;
      const ids = idField ? targets[idField] : [null];
      // Actions that take no id only act on the workspace the slug names: aimed at A's slug they must be
      // refused; under B's own slug they are B's own business, not an attack.
      const slugs = idField ? [victim.workspace.slug, attacker.workspace.slug] : [victim.workspace.slug];
      for (const slug of slugs) {
        for (const id of ids) {
          const form = new FormData();
          for (const f of def.fields) form.append(f, f === "slug" ? slug : f === idField ? id! : base[f]);
          const state = await def.run(form);
          const where = `${def.name} slug=${slug === victim.workspace.slug ? "A" : "B"} ${idField ?? ""}`;
          expect(state.ok, `${where}: ${JSON.stringify(state)}`).toBeFalsy();
          expect(state.errors?.form ?? state.errors?.[idField ?? "form"], where).toMatch(
            slug === victim.workspace.slug ? /not allowed/ : /No such|not allowed/,
          );
          cells++;
        }
      }
    }
    // invite, create token, retention: A's slug only (1 cell each); new invite link, change role, suspend,
    // remove, confirm and detach a link: 2 slugs × 2 member ids; revoke and remove token: 2 slugs × 1 token id.
    expect(cells).toBe(1 + 4 + 4 + 4 + 4 + 4 + 4 + 1 + 2 + 2 + 1);
    expect(cells).toBe(31);
    expect(await snapshot(victim.db, victim.workspace.id)).toBe(before);

    // Single sign-on and domains: A's slug as the bound argument (every action), and for the actions
    // that take a domain id, B's own slug with A's domain id.
    const vDomain = await victim.db.domain.create({
      data: {
        workspaceId: victim.workspace.id,
        domain: `${uid("v")}.example.com`,
        verificationToken: "v",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await saveSamlSettings(victim.workspace.id, { entityId: idp.entityId, ssoUrl: idp.ssoUrl, cert: idp.cert });
    const vBefore = await snapshot(victim.db, victim.workspace.id);
    const samlForm = toForm([["metadataXml", idp.metadataXml]]);
    const oidcForm = toForm([
      ["issuer", "https://login.attacker.example"],
      ["clientId", "x"],
      ["clientSecret", "y"],
    ]);
    const optionsForm = toForm([
      ["enforce", "on"],
      ["jit", "on"],
    ]);
    const bound: [string, (slug: string) => Promise<ActionState | void>][] = [
      [
        "addDomainAction",
        (slug) => domainActions.addDomainAction(slug, {}, toForm([["domain", "stolen.example.com"]])),
      ],
      ["renewDomainAction", (slug) => domainActions.renewDomainAction(slug, vDomain.id, {})],
      ["verifyDomainAction", (slug) => domainActions.verifyDomainAction(slug, vDomain.id, {})],
      ["removeDomainAction", (slug) => domainActions.removeDomainAction(slug, vDomain.id, {})],
      ["saveSamlAction", (slug) => ssoActions.saveSamlAction(slug, {}, samlForm)],
      ["saveOidcAction", (slug) => ssoActions.saveOidcAction(slug, {}, oidcForm)],
      ["saveOptionsAction", (slug) => ssoActions.saveOptionsAction(slug, {}, optionsForm)],
      ["resetLinksAction", (slug) => ssoActions.resetLinksAction(slug, {})],
      ["removeSsoAction", (slug) => ssoActions.removeSsoAction(slug, {})],
      ["testSsoAction", (slug) => ssoActions.testSsoAction(slug)],
    ];
    expect(bound.map(([n]) => n).sort()).toEqual(BOUND_MATRIX.sort());
    let boundCells = 0;
    for (const [name, call] of bound) {
      const slugs =
        /Domain/.test(name) && name !== "addDomainAction"
          ? [victim.workspace.slug, attacker.workspace.slug]
          : [victim.workspace.slug];
      for (const slug of slugs) {
        const where = `${name} slug=${slug === victim.workspace.slug ? "A" : "B"}`;
        let result: ActionState | void;
        try {
          result = await call(slug);
        } catch (e) {
          // testSsoAction answers a refusal with a redirect back to the settings page (a 404 for B)
          expect(name, `${where} threw ${(e as Error)?.message}`).toBe("testSsoAction");
          expect(String((e as { digest?: string }).digest)).toContain(`/w/${slug}/settings/sso`);
          boundCells++;
          continue;
        }
        expect(result, where).toBeTruthy();
        expect((result as ActionState).ok, where).toBeUndefined();
        expect((result as ActionState).errors?.form, where).toMatch(
          slug === victim.workspace.slug ? /Only workspace owners/ : /No such domain/,
        );
        boundCells++;
      }
    }
    expect(boundCells).toBe(10 + 3);
    expect(cells + boundCells).toBe(44);
    expect(await snapshot(victim.db, victim.workspace.id)).toBe(vBefore);
    // and B's own workspace did not change either (every cell was refused)
    expect(await snapshot(attacker.db, attacker.workspace.id)).toBe(attackerBefore);
    expect(aMember.workspaceId).toBe(attacker.workspace.id);
  });

  it("text the database cannot store (U+0000, an unpaired surrogate) in any field or bound argument of any action → an error, never a throw", async () => {
    // C: SSO configured, Enforce SSO off (the target of the "enforce" checkbox cells)
    const c = await newWorkspace();
    await saveSamlSettings(c.workspace.id, { entityId: idp.entityId, ssoUrl: idp.ssoUrl, cert: idp.cert });
    signInAs(a.owner.accountId);
    const valid: Record<string, string> = {
      slug: a.workspace.slug,
      emails: `${uid("nul")}@example.test`,
      role: "member",
      name: "Nul",
      memberId: pool.aMembers[1],
      suspend: "true",
      label: "Label",
      expiresInDays: "",
      tokenId: pool.aTokens[0],
      retentionDays: "30",
      domain: `${uid("nul")}.example.com`,
      entityId: idp.entityId,
      ssoUrl: idp.ssoUrl,
      cert: idp.cert,
      metadataXml: "",
      enforce: "on",
      jit: "",
      issuer: "http://127.0.0.1:1",
      clientId: "client",
      clientSecret: "secret",
    };
    // (FormData itself turns an unpaired surrogate into U+FFFD, as any multipart body decodes it, so those
    // reach an action only as a bound argument: the slug or a domain id)
    const bad = ["a\u0000b", "\u0000", "x\ud800y", "\udfff"];
    let cells = 0;
    const before = await snapshot(a.db, a.workspace.id);
    for (const value of bad) {
      const inForm = value.includes("\u0000");
      for (const def of inForm ? ACTIONS : []) {
        for (const field of def.fields) {
          const form = toForm(def.fields.map((f) => [f, f === field ? value : valid[f]] as Entry));
          const state = await def.run(form);
          expect(state.ok, `${def.name}.${field}=${JSON.stringify(value)}`).toBeFalsy();
          expect(Object.keys(state.errors ?? {}).length).toBeGreaterThan(0);
          cells++;
        }
      }
      const samlAndOidc: [string, string[], (slug: string, f: FormData) => Promise<ActionState>][] = [
        ["addDomainAction", ["domain"], (slug, f) => domainActions.addDomainAction(slug, {}, f)],
        ["saveSamlAction", ["entityId", "ssoUrl", "cert"], (slug, f) => ssoActions.saveSamlAction(slug, {}, f)],
        ["saveOidcAction", ["issuer", "clientId"], (slug, f) => ssoActions.saveOidcAction(slug, {}, f)],
        ["saveOptionsAction", ["enforce"], (slug, f) => ssoActions.saveOptionsAction(slug, {}, f)],
      ];
      for (const [name, fields, run] of samlAndOidc) {
        for (const field of inForm ? [...fields, "slug"] : ["slug"]) {
          const form = toForm(fields.map((f) => [f, f === field ? value : valid[f]] as Entry));
          const where = `${name}.${field}=${JSON.stringify(value)}`;
          if (field === "enforce") {
            // A checkbox: any value but "on" means off, so the cell is aimed at a workspace whose SSO is
            // configured (on A the action stops at "Configure the identity provider first" before it
            // reads the field): saved, with enforcement still off, and the value stored nowhere.
            signInAs(c.owner.accountId);
            const state = await run(c.workspace.slug, form);
            signInAs(a.owner.accountId);
            expect(state, where).toEqual({ ok: true, message: "Saved." });
            const conn = await c.db.ssoConnection.findUniqueOrThrow({ where: { workspaceId: c.workspace.id } });
            expect(conn.enforce, where).toBe(false);
            expect(JSON.stringify(conn), where).not.toContain("\\u0000");
          } else {
            const state = await run(field === "slug" ? value : a.workspace.slug, form);
            expect(state.ok, `${where}: ${JSON.stringify(state)}`).toBeUndefined();
          }
          cells++;
        }
      }
      for (const call of [
        domainActions.renewDomainAction,
        domainActions.verifyDomainAction,
        domainActions.removeDomainAction,
      ]) {
        expect((await call(a.workspace.slug, value, {})).errors?.form).toMatch(/No such domain/);
        expect((await call(value, pool.aDomains[0], {})).errors?.form).toMatch(/Only workspace owners/);
        cells += 2;
      }
      for (const call of [ssoActions.resetLinksAction, ssoActions.removeSsoAction]) {
        expect((await call(value, {})).errors?.form).toMatch(/Only workspace owners/);
        cells++;
      }
    }
    // per NUL value: every field of every form action, the SSO/domain form fields and their slug (11), the
    // domain-id actions with a bad id and with a bad slug (6), reset/remove with a bad slug (2); per unpaired
    // surrogate: the bound arguments only (4 + 6 + 2)
    const formFields = ACTIONS.reduce((n, d) => n + d.fields.length, 0);
    expect(cells).toBe(2 * (formFields + 11 + 6 + 2) + 2 * (4 + 6 + 2));
    expect(await snapshot(a.db, a.workspace.id)).toBe(before);
  });

  it("no session: every action refuses and changes nothing", async () => {
    signInAs(null);
    const before = await snapshot(a.db, a.workspace.id);
    let cells = 0;
    for (const def of ACTIONS) {
      const form = new FormData();
      for (const f of def.fields)
        form.append(
          f,
          f === "slug"
            ? a.workspace.slug
            : f === "memberId"
              ? pool.aMembers[0]
              : f === "tokenId"
                ? pool.aTokens[0]
                : f === "role"
                  ? "admin"
                  : f === "suspend"
                    ? "true"
                    : f === "emails"
                      ? `${uid("x")}@example.test`
                      : f === "retentionDays"
                        ? "7"
                        : f === "expiresInDays"
                          ? ""
                          : "x",
        );
      const state = await def.run(form);
      expect(state.errors?.form, def.name).toMatch(/not allowed/);
      cells++;
    }
    expect(cells).toBe(ACTIONS.length);
    for (const def of BOUND) {
      const state = await def.run(
        a.workspace.slug,
        pool.aDomains[0],
        toForm([
          ["domain", "x.example.com"],
          ["enforce", "on"],
          ["metadataXml", idp.metadataXml],
        ]),
      );
      expect(state.errors?.form, def.name).toMatch(/Only workspace owners/);
      cells++;
    }
    expect(cells).toBe(ACTIONS.length + BOUND.length);
    expect(await snapshot(a.db, a.workspace.id)).toBe(before);
  });
});
