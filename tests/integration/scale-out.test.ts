// Scale-out (issue 18): two `next start` processes on one PostgreSQL database behind Debian's nginx
// (round-robin upstream), driven over HTTP. What one process guaranteed must hold across both: parallel
// group adds and racing creates, concurrent member PATCHes, exact member counts and page-to-page cursors,
// the owner guard, the deprovisioning guardrail's budget, token revocation on every instance at the next request, the provisioning log complete
// and in order from either instance, OIDC and SAML sign-ins whose steps land on different instances (and a
// SAML response replayed to the other one), and login throttling counted across instances.
// PostgreSQL only: SQLite is one file for one server process (README "Running several instances").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@/lib/db/url";
import { saveOidcSettings } from "@/lib/services/sso/connections";
import { revokeToken, createToken } from "@/lib/services/tokens";
import { ensureBuild, startNextServer, type NextServer } from "../support/next-server";
import { startOidcOp, type TestOidcOp } from "../support/oidc-op";
import { TEST_DB } from "../support/ops";
import { GROUP, PATCH_OP, USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";
import { connectSaml, errorCode, loginAtOp, ssoWorkspace } from "../support/sso";
import { startSamlIdp } from "../support/saml-idp";
import zlib from "node:zlib";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with the benchmark
import { freePort, nginxBinary, startNginx } from "../../scripts/nginx-balancer.mjs";

interface Balancer {
  url: string;
  stop(): Promise<void>;
}

const skipReason =
  TEST_DB !== "postgres"
    ? "needs PostgreSQL (TEST_DB=postgres): SQLite serves one process"
    : !nginxBinary()
      ? "nginx is not installed"
      : "";

interface Res {
  status: number;
  upstream: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One SCIM request to `base` (the balancer or one instance). */
async function scim(base: string, token: string, method: string, path: string, body?: unknown): Promise<Res> {
  const res = await fetch(`${base}/scim/v2${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/scim+json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, upstream: res.headers.get("x-upstream"), body: text ? JSON.parse(text) : undefined };
}

const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const userBody = (userName: string) => ({
  schemas: [USER],
  userName,
  active: true,
  name: { givenName: "Pat", familyName: "Doe" },
  emails: [{ value: userName, type: "work", primary: true }],
});

/** A tiny cookie jar for one browser. */
function browser() {
  const jar = new Map<string, string>();
  return {
    jar,
    cookie: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    async fetch(url: string, init: RequestInit = {}) {
      const res = await fetch(url, {
        ...init,
        redirect: "manual",
        headers: { ...(init.headers as Record<string, string>), cookie: this.cookie() },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const i = pair.indexOf("=");
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      return res;
    },
  };
}

/** next-auth's sign-in as its client does it (CSRF token, then the provider's callback with json=true):
 * the CSRF token from `csrfBase`, the callback on `base`. Returns the URL next-auth answers with. */
async function nextAuthSignIn(
  b: ReturnType<typeof browser>,
  csrfBase: string,
  base: string,
  provider: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const { csrfToken } = (await (await b.fetch(`${csrfBase}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await b.fetch(`${base}/api/auth/callback/${provider}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ ...fields, csrfToken, json: "true" }).toString(),
  });
  return String(((await res.json()) as { url: string }).url);
}

describe.skipIf(!!skipReason)("two instances behind nginx on one PostgreSQL", () => {
  const servers: NextServer[] = [];
  let lb: Balancer;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ensureBuild();
    const port: number = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    // TRUST_PROXY_HOPS=1: nginx appends the client's address to X-Forwarded-For; the throttle counts that.
    const env = { TRUST_PROXY_HOPS: "1", DATABASE_POOL_SIZE: "8" };
    servers.push(...(await Promise.all([0, 1].map(() => startNextServer(databaseUrl(), env, { appUrl })))));
    [a, b] = servers.map((s) => s.url);
    lb = await startNginx([a, b], { port });
  }, 600_000);
  afterAll(async () => {
    await lb?.stop();
    await Promise.all(servers.map((s) => s.stop()));
  });

  it("the balancer sends requests round-robin to both instances", async () => {
    const { token } = await newWorkspace();
    const seen = new Set<string | null>();
    for (let i = 0; i < 4; i++) seen.add((await scim(lb.url, token, "GET", "/Users?count=1")).upstream);
    expect([...seen].sort()).toEqual([a, b].map((u) => u.replace("http://", "")).sort());
  });

  it("64 parallel single-member adds to one group → 64 members; 16 racing creates of one userName → one 201", async () => {
    const { token, db } = await newWorkspace();
    const ids = await Promise.all(
      Array.from(
        { length: 64 },
        async (_, i) =>
          (await scim(lb.url, token, "POST", "/Users", userBody(`p${i}.${uid()}@example.test`))).body.id as string,
      ),
    );
    const group = (await scim(lb.url, token, "POST", "/Groups", { schemas: [GROUP], displayName: `Parallel ${uid()}` }))
      .body.id as string;
    const adds = await Promise.all(
      ids.map((id) =>
        scim(lb.url, token, "PATCH", `/Groups/${group}`, ops({ op: "add", path: "members", value: [{ value: id }] })),
      ),
    );
    expect(adds.map((r) => r.status)).toEqual(ids.map(() => 204));
    expect(new Set(adds.map((r) => r.upstream)).size).toBe(2);
    expect((await db.groupMember.findMany({ where: { groupId: group } })).map((m) => m.memberId).sort()).toEqual(
      [...ids].sort(),
    );

    const userName = `race.${uid()}@example.test`;
    const creates = await Promise.all(
      Array.from({ length: 16 }, () => scim(lb.url, token, "POST", "/Users", userBody(userName))),
    );
    expect(creates.filter((r) => r.status === 201)).toHaveLength(1);
    expect(creates.filter((r) => r.status === 409)).toHaveLength(15);
    expect(await db.member.count({ where: { userNameLower: userName.toLowerCase() } })).toBe(1);
  });

  it("concurrent PATCHes of one group's members on both instances → the union, nothing lost", async () => {
    const { token, db } = await newWorkspace();
    const ids = await Promise.all(
      Array.from(
        { length: 40 },
        async (_, i) =>
          (await scim(lb.url, token, "POST", "/Users", userBody(`u${i}.${uid()}@example.test`))).body.id as string,
      ),
    );
    const initial = ids.slice(0, 8);
    const group = (
      await scim(lb.url, token, "POST", "/Groups", {
        schemas: [GROUP],
        displayName: `Union ${uid()}`,
        members: initial.map((value) => ({ value })),
      })
    ).body.id as string;
    // 16 PATCHes, each adding two members and removing none, half to each instance directly
    const batches = Array.from({ length: 16 }, (_, i) => ids.slice(8 + i * 2, 10 + i * 2));
    const res = await Promise.all(
      batches.map((batch, i) =>
        scim(
          i % 2 ? a : b,
          token,
          "PATCH",
          `/Groups/${group}`,
          ops({ op: "add", path: "members", value: batch.map((value) => ({ value })) }),
        ),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(batches.map(() => 204));
    expect((await db.groupMember.findMany({ where: { groupId: group } })).map((m) => m.memberId).sort()).toEqual(
      [...ids].sort(),
    );
  });

  it("member counts stay exact with both instances writing; a paged read alternating instances continues page to page", async () => {
    const { token, db, workspace } = await newWorkspace({ guardrail: false });
    const first = await Promise.all(
      Array.from(
        { length: 24 },
        async (_, i) =>
          (await scim(lb.url, token, "POST", "/Users", userBody(`f${i}.${uid()}@example.test`))).body.id as string,
      ),
    );
    await Promise.all([
      ...Array.from({ length: 24 }, (_, i) =>
        scim(i % 2 ? a : b, token, "POST", "/Users", userBody(`n${i}.${uid()}@example.test`)),
      ),
      ...first.slice(0, 12).map((id, i) => scim(i % 2 ? b : a, token, "DELETE", `/Users/${id}`)),
    ]);
    const real = await db.member.count({ where: { workspaceId: workspace.id } });
    expect(real).toBe(1 + 24 + 24 - 12);
    const ordered = (
      await db.member.findMany({
        where: { workspaceId: workspace.id },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true },
      })
    ).map((m) => m.id);
    const seen: string[] = [];
    const upstreams = new Set<string | null>();
    for (let start = 1; start <= real; start += 5) {
      const page = await scim(lb.url, token, "GET", `/Users?startIndex=${start}&count=5&attributes=userName`);
      expect(page.body.totalResults).toBe(real);
      upstreams.add(page.upstream);
      seen.push(...(page.body.Resources as { id: string }[]).map((r) => r.id));
    }
    expect(upstreams.size).toBe(2);
    expect(seen).toEqual(ordered);
  });

  it("the deprovisioning guardrail counts across instances: 30 parallel deactivations on both → exactly the budget applied", async () => {
    const { token, db, workspace } = await newWorkspace();
    const ids = await Promise.all(
      Array.from(
        { length: 40 },
        async (_, i) =>
          (await scim(lb.url, token, "POST", "/Users", userBody(`g${i}.${uid()}@example.test`))).body.id as string,
      ),
    );
    // 41 active members: budget max(10, 4) = 10
    const res = await Promise.all(
      ids
        .slice(0, 30)
        .map((id, i) =>
          scim(
            i % 2 ? a : b,
            token,
            i % 3 ? "PATCH" : "DELETE",
            `/Users/${id}`,
            i % 3 ? ops({ op: "replace", path: "active", value: false }) : undefined,
          ),
        ),
    );
    expect(res.every((r) => r.status === 200 || r.status === 204)).toBe(true);
    const suspended = await db.member.count({ where: { workspaceId: workspace.id, status: "suspended" } });
    const removed = 41 - (await db.member.count({ where: { workspaceId: workspace.id } }));
    expect(suspended + removed).toBe(10);
    expect(await db.deprovisionIntent.count({ where: { workspaceId: workspace.id, state: "held" } })).toBe(20);
  });

  it("two instances suspending the last two owners at once → one owner stays active", async () => {
    for (let round = 0; round < 4; round++) {
      const { token, db, workspace, owner } = await newWorkspace();
      const second = (await scim(lb.url, token, "POST", "/Users", userBody(`second.${uid()}@example.test`))).body
        .id as string;
      await db.member.update({ where: { id: second }, data: { role: "owner" } });
      const res = await Promise.all([
        scim(a, token, "PATCH", `/Users/${owner.id}`, ops({ op: "replace", path: "active", value: false })),
        scim(b, token, "PATCH", `/Users/${second}`, ops({ op: "replace", path: "active", value: false })),
      ]);
      expect(res.filter((r) => r.status === 200)).toHaveLength(1);
      expect(await db.member.count({ where: { workspaceId: workspace.id, role: "owner", status: "active" } })).toBe(1);
    }
  });

  it("a revoked token is refused at the next request on every instance", async () => {
    const { workspace, owner } = await newWorkspace();
    const { token, secret } = await createToken(workspace.id, { label: "Revoked soon", createdByMemberId: owner.id });
    for (const base of [a, b, lb.url, lb.url])
      expect((await scim(base, secret, "GET", "/Users?count=1")).status).toBe(200);
    await revokeToken(workspace.id, token.id);
    for (const base of [a, b, lb.url, lb.url])
      expect((await scim(base, secret, "GET", "/Users?count=1")).status).toBe(401);
  });

  it("the provisioning log is complete and in order when read from either instance", async () => {
    const { token, workspace } = await newWorkspace();
    const names: string[] = [];
    const upstreams = new Set<string | null>();
    for (let i = 0; i < 20; i++) {
      const userName = `log${String(i).padStart(2, "0")}.${uid()}@example.test`;
      const r = await scim(lb.url, token, "POST", "/Users", userBody(userName));
      expect(r.status).toBe(201);
      upstreams.add(r.upstream);
      names.push(userName);
    }
    expect(upstreams.size).toBe(2);
    // the owner signs in on one instance; the session cookie works on the other one too (same AUTH_SECRET)
    const owner = browser();
    const url = await nextAuthSignIn(owner, a, a, "credentials", {
      email: `owner-${workspace.slug}@example.test`,
      password: "owner-password-1",
    });
    expect(url).not.toMatch(/error=/);
    for (const base of [a, b]) {
      // another process's queue reaches the database within its flush interval (50 ms)
      let logged: string[] = [];
      for (let tries = 0; tries < 20; tries++) {
        const res = await owner.fetch(`${base}/w/${workspace.slug}/log/export`);
        expect(res.status).toBe(200);
        const csv = await res.text();
        logged = csv
          .split("\r\n")
          .slice(1)
          .filter(Boolean)
          .map((line) => /log\d\d\.[^,]*@example\.test/.exec(line)?.[0] ?? "")
          .filter(Boolean);
        if (logged.length >= names.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // newest first
      expect(logged.reverse()).toEqual(names);
    }
  });

  it("an OIDC sign-in whose steps land on different instances", async () => {
    const s = await ssoWorkspace();
    let op: TestOidcOp | undefined;
    try {
      op = await startOidcOp([`${lb.url}/api/sso/oidc/${s.workspace.id}/callback`]);
      await saveOidcSettings(s.workspace.id, {
        issuer: op.issuer,
        clientId: op.clientId,
        clientSecret: op.clientSecret,
      });
      const email = `olga.${uid()}@${s.domain}`;
      expect((await scim(lb.url, s.token, "POST", "/Users", userBody(email))).status).toBe(201);
      op.users.set(email.toLowerCase(), { sub: `sub-${uid()}`, email });

      const user = browser();
      // 1. instance A starts the flow (state and PKCE verifier stored in the database, binding cookie set)
      const start = await user.fetch(`${a}/api/sso/start`, {
        method: "POST",
        headers: { Origin: a, "Content-Type": "application/x-www-form-urlencoded" },
        body: `email=${encodeURIComponent(email)}`,
      });
      expect(start.status).toBe(200);
      const authorize = /url=([^"]+)"/.exec(await start.text())![1].replace(/&amp;/g, "&");
      // 2. the IdP redirects back; instance B takes the callback
      const callback = await loginAtOp(authorize, email, `${lb.url}/api/sso/oidc/${s.workspace.id}/callback`);
      const done = await user.fetch(callback.replace(lb.url, b));
      expect(done.status).toBe(303);
      const ticket = /#ticket=([^&]+)/.exec(done.headers.get("location") ?? "")?.[1];
      expect(ticket, done.headers.get("location") ?? "").toBeTruthy();
      // 3. the browser redeems the ticket: CSRF token from B, the callback on A
      const url = await nextAuthSignIn(user, b, a, "sso", { ticket: ticket! });
      expect(url).not.toMatch(/error=/);
      // 4. the session works on both
      for (const base of [a, b]) {
        const session = (await (await user.fetch(`${base}/api/auth/session`)).json()) as { user?: { email?: string } };
        expect(session.user?.email?.toLowerCase()).toBe(email.toLowerCase());
      }
    } finally {
      await op?.close();
    }
  });

  it("a SAML sign-in whose steps land on different instances; its response replayed to the other instance is refused", async () => {
    const s = await ssoWorkspace();
    const idp = await startSamlIdp();
    try {
      await connectSaml(s.workspace.id, idp);
      const email = `pat.${uid()}@${s.domain}`;
      expect((await scim(lb.url, s.token, "POST", "/Users", userBody(email))).status).toBe(201);
      const user = browser();
      // 1. instance B starts the flow (the AuthnRequest id is stored in the database)
      const start = await user.fetch(`${b}/api/sso/start`, {
        method: "POST",
        headers: { Origin: b, "Content-Type": "application/x-www-form-urlencoded" },
        body: `email=${encodeURIComponent(email)}`,
      });
      expect(start.status).toBe(200);
      const authorize = new URL(/url=([^"]+)"/.exec(await start.text())![1].replace(/&amp;/g, "&"));
      const raw = zlib
        .inflateRawSync(Buffer.from(authorize.searchParams.get("SAMLRequest")!, "base64"))
        .toString("utf8");
      const request = {
        requestId: /\sID="([^"]+)"/.exec(raw)![1],
        acsUrl: /AssertionConsumerServiceURL="([^"]+)"/.exec(raw)![1],
        audience: /<saml:Issuer[^>]*>([^<]+)</.exec(raw)![1],
      };
      expect(request.acsUrl.startsWith(lb.url)).toBe(true);
      const samlResponse = idp.issue({ ...request, user: { nameId: `nid-${uid()}`, email } });
      // 2. the browser posts the IdP's answer; instance A takes it
      const post = (base: string) =>
        user.fetch(`${base}/api/sso/saml/${s.workspace.id}/acs`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: "r" }).toString(),
        });
      const done = await post(a);
      expect(done.status).toBe(303);
      const ticket = /#ticket=([^&]+)/.exec(done.headers.get("location") ?? "")?.[1];
      expect(ticket, done.headers.get("location") ?? "").toBeTruthy();
      // the same response replayed to the other instance: its request id and assertion are used up
      const replay = await post(b);
      expect(
        errorCode(new URL(replay.headers.get("location")!).pathname + new URL(replay.headers.get("location")!).search),
      ).not.toBeNull();
      // 3. the ticket is redeemed on B, the session works on both
      expect(await nextAuthSignIn(user, a, b, "sso", { ticket: ticket! })).not.toMatch(/error=/);
      for (const base of [a, b]) {
        const session = (await (await user.fetch(`${base}/api/auth/session`)).json()) as { user?: { email?: string } };
        expect(session.user?.email?.toLowerCase()).toBe(email.toLowerCase());
      }
    } finally {
      await idp.close();
    }
  });

  it("login throttling counts wrong passwords across instances", async () => {
    const { workspace } = await newWorkspace();
    const email = `owner-${workspace.slug}@example.test`;
    // the instances are addressed directly: X-Forwarded-For then holds only this (the one trusted hop's) entry
    const client = { "X-Forwarded-For": uid("client") };
    const attempt = async (base: string, password: string) => {
      const url = await nextAuthSignIn(browser(), base, base, "credentials", { email, password }, client);
      return /error=TooManyAttempts/.test(url) ? "throttled" : /error=/.test(url) ? "wrong" : "ok";
    };
    // 10 wrong passwords, alternating instances: 5 on each, under the limit of either alone
    for (let i = 0; i < 10; i++) expect(await attempt(i % 2 ? a : b, `wrong-${i}`)).toBe("wrong");
    for (const base of [a, b]) expect(await attempt(base, "owner-password-1")).toBe("throttled");
  });
});

describe.skipIf(!skipReason)("two instances behind nginx", () => {
  it.skip(`skipped: ${skipReason}`, () => {});
});
