// SCIM tokens are the keys to a company's directory (issue 6, "Tokens and sessions"):
//   - 256 random bits behind a recognisable `scim_` prefix;
//   - only a hash at rest: after tokens were created and used (successfully and not), the plaintext
//     secret is nowhere in the database — the SQLite file and its WAL are scanned byte by byte, on
//     PostgreSQL every row of every table as text;
//   - verification compares equal-length SHA-256 digests with crypto.timingSafeEqual, and every wrong
//     secret (any length, any prefix) gets the same 401 as an unknown token;
//   - revocation and expiry take effect on the very next request.
import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { database } from "@/lib/db/client";
import { createToken, revokeToken, tokenStatus, verifyBearer } from "@/lib/services/tokens";
import { scim } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createUser, expectScimError } from "../support/scim-resources";

const TOKEN = /^scim_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
const isPostgres = process.env.TEST_DB === "postgres";

function parts(token: string) {
  const m = TOKEN.exec(token);
  if (!m) throw new Error(`not a SCIM token: ${token}`);
  return { prefix: m[1], secret: m[2], bytes: Buffer.from(m[2], "base64url") };
}

/** Everything the database holds, as searchable buffers: the SQLite file and its WAL as raw bytes, or
 * every row of every PostgreSQL table rendered as text. */
async function databaseContents(): Promise<Buffer[]> {
  const url = process.env.DATABASE_URL!;
  if (!isPostgres) {
    const file = url.replace(/^file:/, "");
    return ["", "-wal"].filter((s) => fs.existsSync(file + s)).map((s) => fs.readFileSync(file + s));
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["ScimToken", "ProvisioningEvent", "Member", "Workspace"]),
    );
    const out: Buffer[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await c.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      out.push(Buffer.from(rows.rows.map((r) => r.row).join("\n"), "utf8"));
    }
    return out;
  } finally {
    await c.end();
  }
}

const contains = (haystacks: Buffer[], needle: string | Buffer) => haystacks.some((h) => h.includes(needle));

describe("SCIM tokens", () => {
  afterEach(() => vi.restoreAllMocks());

  it("carry 256 random bits behind a recognisable scim_ prefix; the row holds only a SHA-256 hash", async () => {
    const { workspace } = await newWorkspace();
    const tokens = [];
    for (let i = 0; i < 64; i++) tokens.push(await createToken(workspace.id, { label: `t${i}` }));
    const secrets = new Set<string>();
    const prefixes = new Set<string>();
    const ones = new Array(256).fill(0);
    for (const { token, secret } of tokens) {
      expect(secret).toMatch(TOKEN);
      const p = parts(secret);
      expect(p.bytes.length).toBe(32); // 256 bits of secret
      expect(p.bytes.toString("base64url")).toBe(p.secret); // canonical encoding, nothing lost
      expect(token.prefix).toBe(p.prefix);
      expect(token.secretHash).toBe(crypto.createHash("sha256").update(p.secret).digest("hex"));
      expect(JSON.stringify(token)).not.toContain(p.secret);
      secrets.add(p.secret);
      prefixes.add(p.prefix);
      for (let bit = 0; bit < 256; bit++) ones[bit] += (p.bytes[bit >> 3] >> (bit & 7)) & 1;
    }
    expect(secrets.size).toBe(64);
    expect(prefixes.size).toBe(64);
    // Every one of the 256 bit positions varies across 64 tokens (a stuck bit would show up as 0 or 64;
    // the chance of that for truly random bits is 256 · 2⁻⁶³).
    for (let bit = 0; bit < 256; bit++) {
      expect(ones[bit], `bit ${bit}`).toBeGreaterThan(0);
      expect(ones[bit], `bit ${bit}`).toBeLessThan(64);
    }
  });

  it("the plaintext secret is nowhere in the database after tokens are created and used", async () => {
    const { db, workspace, token, api } = await newWorkspace();
    const revoked = await createToken(workspace.id, { label: "Revoked" });
    const expired = await createToken(workspace.id, { label: "Expiring", expiresInDays: 1 });
    const used = [token, revoked.secret, expired.secret];

    // Use them every way a client might: successful reads and writes, wrong secrets, odd headers.
    const marker = `plain-marker-${crypto.randomBytes(6).toString("hex")}`;
    await createUser(api, { userName: `${marker}@example.com` });
    expect((await api.get("/Users?count=5")).status).toBe(200);
    expect((await scim("GET", "/Groups", { token: revoked.secret })).status).toBe(200);
    await revokeToken(workspace.id, revoked.token.id);
    await db.scimToken.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const t of used) {
      const { prefix, secret } = parts(t);
      const wrongLast = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
      for (const authorization of [
        `Bearer ${t}`,
        `bearer  ${t} `,
        `Bearer scim_${prefix}_${wrongLast}`,
        `Bearer ${t}x`,
        `Basic ${t}`,
        t,
        `Bearer ${t} ${t}`,
      ]) {
        const res = await scim("GET", "/Users", { headers: { Authorization: authorization } });
        expect([200, 401]).toContain(res.status);
        expect(res.text).not.toContain(secret);
      }
    }
    // Refusals of the revoked and the expired token (two well-formed headers each) were logged for the
    // workspace, so the scan below covers log rows written from refused requests too.
    expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id, status: 401 } })).toBe(4);

    const contents = await databaseContents();
    // Positive controls: the scan sees the newest rows (a user just created, the token prefixes).
    expect(contains(contents, marker)).toBe(true);
    for (const t of used) expect(contains(contents, `${parts(t).prefix}`)).toBe(true);
    for (const t of used) {
      const { secret, bytes } = parts(t);
      expect(contains(contents, secret), "secret as text").toBe(false);
      expect(contains(contents, secret.slice(0, 24)), "a 24-character piece of the secret").toBe(false);
      expect(contains(contents, t), "whole token").toBe(false);
      if (!isPostgres) expect(contains(contents, bytes), "secret as raw bytes").toBe(false);
      expect(contains(contents, bytes.toString("hex")), "secret as hex").toBe(false);
    }
  });

  it("verification compares equal-length digests in constant time; every wrong secret gets the same 401 as an unknown token", async () => {
    const { token } = await newWorkspace();
    const { prefix, secret } = parts(token);
    const spy = vi.spyOn(crypto, "timingSafeEqual");

    expect(await verifyBearer(database().sql, `Bearer ${token}`)).toMatchObject({ ok: true });
    expect(spy).toHaveBeenCalledTimes(1);
    const [x, y] = spy.mock.calls[0] as [Buffer, Buffer];
    expect(x.length).toBe(32);
    expect(y.length).toBe(32);
    spy.mockClear();

    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    const sameShape = [
      ...[0, 1, 21, 41, 42].map((i) => `scim_${prefix}_${flip(secret, i)}`), // one character off, anywhere
      `scim_${prefix}_${"A".repeat(43)}`,
      `scim_${prefix}_${crypto.randomBytes(32).toString("base64url")}`,
    ];
    const otherShape = [
      `scim_${prefix}_${secret.slice(0, 42)}`, // too short
      `scim_${prefix}_${secret}A`, // too long
      `scim_${prefix}_`,
      `scim_${prefix}`,
      `scim_${prefix}_${secret}_${secret}`,
      `SCIM_${prefix}_${secret}`,
      // (an all-digit prefix, 1 in ~110, has no upper case: that variant would be the token itself)
      ...(prefix.toUpperCase() === prefix ? [] : [`scim_${prefix.toUpperCase()}_${secret}`]),
      `scim_${flip(prefix, 0)}_${secret}`, // unknown prefix, right secret
      secret,
      `${prefix}_${secret}`,
      "scim_" + "0".repeat(10) + "_" + secret,
      "x".repeat(5000),
    ];
    const unknown = await scim("GET", "/Users", { token: `scim_zzzzzzzzzz_${"A".repeat(43)}` });
    expectScimError(unknown, 401);
    for (const wrong of [...sameShape, ...otherShape]) {
      expect(await verifyBearer(database().sql, `Bearer ${wrong}`), wrong).toMatchObject({
        ok: false,
        reason: "unknown",
      });
      const res = await scim("GET", "/Users", { token: wrong });
      expectScimError(res, 401);
      expect(res.body.detail, wrong).toBe(unknown.body.detail); // no oracle: same answer as an unknown token
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="SCIM"');
    }
    // Wrong secrets for an existing prefix were compared — digest against digest, 32 bytes each — and
    // malformed ones never reached a comparison.
    expect(spy.mock.calls.length).toBe(sameShape.length * 2);
    for (const [a, b] of spy.mock.calls as [Buffer, Buffer][]) {
      expect(a.length).toBe(32);
      expect(b.length).toBe(32);
    }
    // and the right token still works
    expect((await scim("GET", "/Users", { token })).status).toBe(200);
  });

  it("revocation takes effect on the very next request, for that token only", async () => {
    const { db, workspace, token, tokenRow } = await newWorkspace();
    const other = await createToken(workspace.id, { label: "Okta" });
    // warm: the token has been used (lastUsedAt written), a client keeps a connection going
    for (let i = 0; i < 3; i++) expect((await scim("GET", "/Users", { token })).status).toBe(200);
    await revokeToken(workspace.id, tokenRow.id);
    const next = await scim("GET", "/Users", { token });
    expectScimError(next, 401);
    expect(next.body.detail).toMatch(/revoked/i);
    // a write with it is refused as well, and changes nothing
    const before = await db.member.count({ where: { workspaceId: workspace.id } });
    expectScimError(await scim("POST", "/Users", { token, body: { userName: "after.revoke@example.com" } }), 401);
    expect(await db.member.count({ where: { workspaceId: workspace.id } })).toBe(before);
    // the other token of the workspace is unaffected
    expect((await scim("GET", "/Users", { token: other.secret })).status).toBe(200);
    // and revoking is logged against the workspace on the refused request
    // (found by method, not by time order: two events can share a millisecond)
    const refusedPost = await db.provisioningEvent.findFirst({
      where: { workspaceId: workspace.id, tokenId: tokenRow.id, method: "POST" },
    });
    expect(refusedPost?.status).toBe(401);
  });

  it("expiry takes effect on the very next request after the expiry moment", async () => {
    const { db, workspace } = await newWorkspace();
    const { token, secret } = await createToken(workspace.id, { label: "Short-lived", expiresInDays: 1 });
    expect((await scim("GET", "/Users", { token: secret })).status).toBe(200);
    // an expiry an hour away: still valid (no clock involved beyond "before the moment")
    await db.scimToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    expect((await scim("GET", "/Users", { token: secret })).status).toBe(200);
    // the expiry moment is now: the very next request is past it, without waiting
    await db.scimToken.update({ where: { id: token.id }, data: { expiresAt: new Date() } });
    const next = await scim("GET", "/Users", { token: secret });
    expectScimError(next, 401);
    expect(next.body.detail).toMatch(/expired/i);
    // the boundary itself, with an explicit clock: valid until the millisecond before, expired at it
    const expiresAt = new Date("2030-01-01T00:00:00.000Z");
    expect(tokenStatus({ revokedAt: null, expiresAt }, new Date(expiresAt.getTime() - 1))).toBe("active");
    expect(tokenStatus({ revokedAt: null, expiresAt }, expiresAt)).toBe("expired");
  });
});
