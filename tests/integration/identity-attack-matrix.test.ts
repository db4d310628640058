// The tenant boundary for identities (README "Accounts and workspaces"), as an attack matrix: every channel a
// workspace controls × every kind of victim account × whether the acting workspace verified the victim's email
// domain. Outside its verified domains a workspace gets no session, no link and no credential change; on its
// verified domains it gets exactly the documented managed-account behaviour, and still never a password.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { beginSso } from "@/lib/services/sso/flow";
import { redeemLoginTicket } from "@/lib/services/sso/login-tickets";
import { oidcRedirectUrl } from "@/lib/sso/urls";
import { acceptAsAccount, acceptWithNewAccount, createInviteLink } from "@/lib/services/invitations";
import { createManualMember, inviteManualMember } from "@/lib/services/members";
import { manualMemberData } from "@/lib/services/member-data";
import { saveOidcSettings, saveSsoOptions } from "@/lib/services/sso/connections";
import { createWorkspace } from "@/lib/services/workspaces";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";
import { startOidcOp, type TestOidcOp } from "../support/oidc-op";
import { patchOps, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import {
  connectSaml,
  errorCode,
  getOidcCallback,
  loginAtOp,
  postAcs,
  ssoWorkspace,
  startSaml,
  ticketOf,
} from "../support/sso";

const VICTIM_PASSWORD = "victim-password-1";
const ATTACKER_PASSWORD = "attacker-password-1";

type Workspace = Awaited<ReturnType<typeof ssoWorkspace>>;
type Column = "verified by the acting workspace" | "verified by the victim's workspace";
type VictimKind =
  "password account" | "passwordless SSO account" | "invited only (no account)" | "owner of another workspace";

const COLUMNS: Column[] = ["verified by the acting workspace", "verified by the victim's workspace"];
const VICTIMS: VictimKind[] = [
  "password account",
  "passwordless SSO account",
  "invited only (no account)",
  "owner of another workspace",
];

let idp: TestSamlIdp;
let op: TestOidcOp;
/** acting workspaces, each with its own verified domain: SCIM/invites/CLI, a SAML IdP, an OIDC IdP */
let plain: Workspace;
let saml: Workspace;
let oidc: Workspace;
/** the victims' workspace whose domain is verified (second column), and one without domains (first) */
let b: Workspace;
let v: Awaited<ReturnType<typeof newWorkspace>>;

beforeAll(async () => {
  idp = await startSamlIdp();
  [plain, saml, oidc, b] = await Promise.all([ssoWorkspace(), ssoWorkspace(), ssoWorkspace(), ssoWorkspace()]);
  v = await newWorkspace();
  await connectSaml(saml.workspace.id, idp);
  op = await startOidcOp([oidcRedirectUrl(oidc.workspace.id)]);
  await saveOidcSettings(oidc.workspace.id, {
    issuer: op.issuer,
    clientId: op.clientId,
    clientSecret: op.clientSecret,
  });
}, 120_000);
afterAll(async () => {
  await idp?.close();
  await op?.close();
});

interface Victim {
  email: string;
  accountId: string | null;
  homeMemberId: string;
}

async function makeVictim(db: Db, kind: VictimKind, column: Column, actor: Workspace): Promise<Victim> {
  const domain = column === "verified by the acting workspace" ? actor.domain : b.domain;
  const home = column === "verified by the acting workspace" ? v : b;
  const email = `victim.${uid()}@${domain}`;
  switch (kind) {
    case "password account": {
      const account = await db.account.create({
        data: { email, emailLower: email, passwordHash: await hashOf(VICTIM_PASSWORD), emailVerifiedAt: new Date() },
      });
      const m = await db.member.create({
        data: { ...manualMemberData(email), workspaceId: home.workspace.id, accountId: account.id },
      });
      return { email, accountId: account.id, homeMemberId: m.id };
    }
    case "passwordless SSO account": {
      const account = await db.account.create({
        data: { email, emailLower: email, passwordHash: null, emailVerifiedAt: new Date() },
      });
      const m = await db.member.create({
        data: {
          ...manualMemberData(email),
          workspaceId: home.workspace.id,
          accountId: account.id,
          source: "sso",
          ssoSubject: `home-${uid()}`,
        },
      });
      return { email, accountId: account.id, homeMemberId: m.id };
    }
    case "invited only (no account)": {
      const m = await inviteManualMember(home.workspace.id, { email, role: "member" });
      return { email, accountId: null, homeMemberId: m.id };
    }
    case "owner of another workspace": {
      const { account, owner } = await createWorkspace({
        name: "Victim Co",
        slug: uid("victim"),
        ownerEmail: email,
        ownerPassword: VICTIM_PASSWORD,
      });
      return { email, accountId: account.id, homeMemberId: owner.id };
    }
  }
}

let cachedHash: string | undefined;
async function hashOf(password: string) {
  const { hashPassword } = await import("@/lib/services/passwords");
  cachedHash ??= await hashPassword(password);
  return cachedHash;
}

async function snapshot(db: Db, victim: Victim) {
  return {
    account: victim.accountId
      ? await db.account.findUnique({
          where: { id: victim.accountId },
          select: { email: true, passwordHash: true, sessionEpoch: true, emailVerifiedAt: true },
        })
      : null,
    accountsWithEmail: await db.account.count({ where: { emailLower: victim.email.toLowerCase() } }),
    home: await db.member.findUniqueOrThrow({
      where: { id: victim.homeMemberId },
      select: { accountId: true, status: true, role: true, ssoSubject: true, workspaceId: true },
    }),
  };
}

/** What a channel achieved for the acting workspace. */
interface Outcome {
  /** the account a login ticket was issued for (SSO) */
  session?: string | null;
  /** the acting workspace's member the channel made or changed, and the account it is linked to */
  memberAccountId?: string | null;
  /** the account an invite acceptance or the CLI created or used */
  createdAccountId?: string | null;
  refused?: string;
}

type Channel = { name: string; actor: () => Workspace; run: (victim: Victim) => Promise<Outcome> };

const scimUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  active: true,
  userType: "Admin",
  ...extra,
});

async function memberAccount(ws: Workspace, id: string) {
  return (await ws.db.member.findUniqueOrThrow({ where: { id } })).accountId;
}

async function samlSignIn(email: string): Promise<Outcome> {
  const req = await startSaml(saml.workspace.id, { binding: "attacker-browser" });
  const location = await postAcs(saml.workspace.id, idp.issue({ ...req, user: { nameId: `nid-${uid()}`, email } }));
  return sessionOf(saml, location);
}

async function oidcSignIn(email: string): Promise<Outcome> {
  op.users.set(email.toLowerCase(), { sub: `sub-${uid()}`, email });
  const conn = await oidc.db.ssoConnection.findUniqueOrThrow({ where: { workspaceId: oidc.workspace.id } });
  const { url } = await beginSso(conn, { test: false, binding: "attacker-browser", loginHint: email });
  const callback = await loginAtOp(url, email.toLowerCase(), oidcRedirectUrl(oidc.workspace.id));
  return sessionOf(oidc, await getOidcCallback(oidc.workspace.id, callback));
}

async function sessionOf(ws: Workspace, location: string): Promise<Outcome> {
  const ticket = ticketOf(location);
  if (!ticket) return { refused: errorCode(location) ?? location };
  return { session: (await redeemLoginTicket(ticket, "attacker-browser")).accountId };
}

async function withJit<T>(ws: Workspace, fn: () => Promise<T>): Promise<T> {
  await saveSsoOptions(ws.workspace.id, { enforce: false, jit: true });
  try {
    return await fn();
  } finally {
    await saveSsoOptions(ws.workspace.id, { enforce: false, jit: false });
  }
}

const CHANNELS: Channel[] = [
  {
    name: "SCIM POST userName (other case)",
    actor: () => plain,
    run: async ({ email }) => {
      const res = await plain.api.post("/Users", scimUser(email.toUpperCase()));
      expect(res.status).toBe(201);
      return { memberAccountId: await memberAccount(plain, res.body.id) };
    },
  },
  {
    name: "SCIM POST work email",
    actor: () => plain,
    run: async ({ email }) => {
      const res = await plain.api.post(
        "/Users",
        scimUser(`alias-${uid()}`, { emails: [{ value: email, type: "work", primary: true }] }),
      );
      expect(res.status).toBe(201);
      return { memberAccountId: await memberAccount(plain, res.body.id) };
    },
  },
  {
    name: "SCIM PUT userName",
    actor: () => plain,
    run: async ({ email }) => {
      const created = await plain.api.post("/Users", scimUser(`tmp-${uid()}@${plain.domain}`));
      const res = await plain.api.put(`/Users/${created.body.id}`, scimUser(email));
      expect(res.status).toBe(200);
      return { memberAccountId: await memberAccount(plain, created.body.id) };
    },
  },
  {
    name: "SCIM PATCH userName",
    actor: () => plain,
    run: async ({ email }) => {
      const created = await plain.api.post("/Users", scimUser(`tmp-${uid()}@${plain.domain}`));
      const res = await plain.api.patch(
        `/Users/${created.body.id}`,
        patchOps({ op: "replace", path: "userName", value: email }),
      );
      expect(res.status).toBe(200);
      return { memberAccountId: await memberAccount(plain, created.body.id) };
    },
  },
  {
    name: "SCIM PATCH emails",
    actor: () => plain,
    run: async ({ email }) => {
      const created = await plain.api.post("/Users", scimUser(`tmp-${uid()}@${plain.domain}`));
      const res = await plain.api.patch(
        `/Users/${created.body.id}`,
        patchOps({ op: "replace", path: "emails", value: [{ value: email, type: "work", primary: true }] }),
      );
      expect(res.status).toBe(200);
      return { memberAccountId: await memberAccount(plain, created.body.id) };
    },
  },
  {
    name: "invite, accepted with a new password by whoever holds the link",
    actor: () => plain,
    run: async ({ email }) => {
      const m = await inviteManualMember(plain.workspace.id, { email, role: "admin" });
      const { url } = await createInviteLink(plain.workspace.id, m.id);
      try {
        await acceptWithNewAccount(url.split("/invite/")[1], { password: ATTACKER_PASSWORD });
      } catch (e) {
        return { refused: (e as Error).message, memberAccountId: await memberAccount(plain, m.id) };
      }
      const accountId = await memberAccount(plain, m.id);
      return { memberAccountId: accountId, createdAccountId: accountId };
    },
  },
  {
    name: "invite, accepted by the inviting admin's own account",
    actor: () => plain,
    run: async ({ email }) => {
      const m = await inviteManualMember(plain.workspace.id, { email, role: "admin" });
      const { url } = await createInviteLink(plain.workspace.id, m.id);
      try {
        await acceptAsAccount(url.split("/invite/")[1], plain.owner.accountId!);
      } catch (e) {
        return { refused: (e as Error).message, memberAccountId: await memberAccount(plain, m.id) };
      }
      return { memberAccountId: await memberAccount(plain, m.id) };
    },
  },
  {
    name: "SAML match (a member with the victim's userName)",
    actor: () => saml,
    run: async ({ email }) => {
      await saml.api.post("/Users", scimUser(email));
      return samlSignIn(email);
    },
  },
  { name: "SAML JIT", actor: () => saml, run: ({ email }) => withJit(saml, () => samlSignIn(email)) },
  {
    name: "OIDC match (a member with the victim's userName)",
    actor: () => oidc,
    run: async ({ email }) => {
      await oidc.api.post("/Users", scimUser(email));
      return oidcSignIn(email);
    },
  },
  { name: "OIDC JIT", actor: () => oidc, run: ({ email }) => withJit(oidc, () => oidcSignIn(email)) },
  {
    name: "admin CLI user create --password",
    actor: () => plain,
    run: async ({ email }) => {
      const m = await createManualMember(plain.workspace.id, { email, role: "admin", password: ATTACKER_PASSWORD });
      return { memberAccountId: m.accountId, createdAccountId: m.how === "new_account" ? m.accountId : null };
    },
  },
];

const isSso = (c: Channel) => /SAML|OIDC/.test(c.name);
const isScimUpdate = (c: Channel) => /SCIM (PUT|PATCH)/.test(c.name);

const cells = CHANNELS.flatMap((channel) =>
  COLUMNS.flatMap((column) => VICTIMS.map((victim) => ({ channel, column, victim }))),
);

describe("identity attack matrix", () => {
  it(`has ${CHANNELS.length} channels × ${VICTIMS.length} victims × ${COLUMNS.length} domain cases = ${cells.length} cells`, () => {
    expect(cells).toHaveLength(12 * 4 * 2);
  });

  it.each(cells.map((c) => [c.channel.name, c.victim, c.column, c] as const))(
    "%s × %s × %s",
    async (_n, _v, _c, { channel, column, victim: kind }) => {
      const actor = channel.actor();
      const { db } = actor;
      const victim = await makeVictim(db, kind, column, actor);
      const before = await snapshot(db, victim);
      const out = await channel.run(victim);
      const after = await snapshot(db, victim);

      // Whatever the domain: the victim's own membership elsewhere is untouched, an existing account's
      // credentials never change, and the attacker's password never opens it.
      expect(after.home).toEqual(before.home);
      if (victim.accountId) {
        expect(after.account).toEqual(before.account);
        const { verifyPassword } = await import("@/lib/services/passwords");
        expect(await verifyPassword(after.account!.passwordHash, ATTACKER_PASSWORD)).toBe(false);
      }
      expect(after.accountsWithEmail).toBeLessThanOrEqual(1);

      const managed = column === "verified by the acting workspace";
      if (!managed) {
        // No session, no link to an account, no account made for the victim's email.
        expect(out.session ?? null).toBeNull();
        if (isSso(channel)) expect(out.refused).toBe("domain_not_verified");
        expect(out.memberAccountId ?? null).toBeNull();
        expect(after.accountsWithEmail).toBe(before.accountsWithEmail);
        if (victim.accountId)
          expect(
            await db.member.count({ where: { workspaceId: actor.workspace.id, accountId: victim.accountId } }),
          ).toBe(0);
        return;
      }
      // The acting workspace manages the domain: the documented managed-account behaviour.
      if (channel.name.includes("own account")) {
        expect(out.refused).toMatch(/This invitation is for/);
        expect(out.memberAccountId).toBeNull();
      } else if (channel.name.startsWith("invite")) {
        if (victim.accountId) {
          expect(out.refused).toMatch(/already has an account/);
          expect(out.memberAccountId).toBeNull();
        } else {
          // A new account for an email nobody had: the managing workspace vouches for it.
          expect(out.createdAccountId).toBeTruthy();
        }
      } else if (isSso(channel)) {
        // Its IdP may sign in the accounts on its domain (creating one for a new email).
        expect(out.session).toBeTruthy();
        if (victim.accountId) expect(out.session).toBe(victim.accountId);
      } else if (isScimUpdate(channel)) {
        // Links are made when a member is created or signs in, never by renaming one.
        expect(out.memberAccountId).toBeNull();
      } else {
        // SCIM create and the CLI link the existing account, or leave the member unlinked when there is none
        // (the CLI then makes one, as the managing workspace).
        if (victim.accountId) expect(out.memberAccountId).toBe(victim.accountId);
        else if (channel.name.startsWith("SCIM")) expect(out.memberAccountId).toBeNull();
      }
    },
  );
});
