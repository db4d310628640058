// The admin CLI as automation uses it: `npm run -s admin -- … --json` prints exactly one JSON object;
// bad input exits non-zero with a message and writes nothing.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, it, expect } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { database, getDb } from "@/lib/db/client";
import { tokenStatus, verifyBearer } from "@/lib/services/tokens";
import { uid } from "../support/workspace";

const run = promisify(execFile);

type Authorize = (c: Record<string, string>, req: unknown) => Promise<unknown>;
/** next-auth's password sign-in (the credentials provider's authorize), as /signin calls it. */
function passwordSignIn(email: string, password: string) {
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: Authorize };
  };
  return provider.options.authorize({ email, password }, {});
}

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "admin", "--", ...args], { env: process.env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("admin CLI", { timeout: 180_000 }, () => {
  it("creates a workspace and a token, printing one JSON object each", async () => {
    const slug = uid("cli");
    const ws = await cli(
      "workspace",
      "create",
      "--name",
      "CLI Co",
      "--slug",
      slug,
      "--plan",
      "enterprise",
      "--owner-email",
      `o@${slug}.test`,
      "--owner-password",
      "cli-owner-password-1",
      "--json",
    );
    expect(ws.code).toBe(0);
    expect(JSON.parse(ws.stdout)).toMatchObject({ slug, plan: "enterprise", name: "CLI Co" });

    const tok = await cli("token", "create", "--workspace", slug, "--label", "Entra", "--json");
    expect(tok.code).toBe(0);
    const created = JSON.parse(tok.stdout);
    expect(created).toMatchObject({ label: "Entra", baseUrl: "http://localhost:3000/scim/v2" });
    expect(created.token).toMatch(/^scim_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);

    const db = await getDb();
    const check = await verifyBearer(database().sql, `Bearer ${created.token}`);
    expect(check.ok).toBe(true);
    // Only a hash is stored: the secret appears nowhere in the token row.
    const row = await db.scimToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token.split("_").slice(2).join("_"));

    const list = JSON.parse((await cli("token", "list", "--workspace", slug, "--json")).stdout);
    expect(list.tokens).toHaveLength(1);
    expect(list.tokens[0]).toMatchObject({ id: created.id, status: "active" });
    expect(JSON.stringify(list)).not.toContain(created.token);

    const revoked = await cli("token", "revoke", "--workspace", slug, "--id", created.id, "--json");
    expect(JSON.parse(revoked.stdout)).toEqual({ id: created.id, revoked: true });
    expect(await verifyBearer(database().sql, `Bearer ${created.token}`)).toMatchObject({
      ok: false,
      reason: "revoked",
    });
  });

  it("adds a manual member who can sign in", async () => {
    const slug = uid("cli");
    await cli(
      "workspace",
      "create",
      "--name",
      "M",
      "--slug",
      slug,
      "--owner-email",
      `o@${slug}.test`,
      "--owner-password",
      "cli-owner-password-1",
      "--json",
    );
    const res = await cli(
      "user",
      "create",
      "--workspace",
      slug,
      "--email",
      `Admin@${slug}.test`,
      "--password",
      "cli-admin-password-1",
      "--role",
      "admin",
      "--json",
    );
    expect(res.code).toBe(0);
    const created = JSON.parse(res.stdout);
    expect(created).toMatchObject({ userName: `Admin@${slug}.test`, role: "admin", status: "active" });
    // ...and signs in with that password (any case of the email), but not with another one
    const signedIn = await passwordSignIn(`admin@${slug}.test`, "cli-admin-password-1");
    expect(signedIn).toMatchObject({
      email: expect.stringMatching(new RegExp(`^admin@${slug}\\.test$`, "i")),
      authMethod: "password",
    });
    const db = await getDb();
    const member = await db.member.findUniqueOrThrow({ where: { id: created.id } });
    expect((signedIn as { id: string }).id).toBe(member.accountId);
    await expect(passwordSignIn(`admin@${slug}.test`, "cli-admin-password-2")).resolves.toBeNull();
  });

  it("token create --expires-in-days N: expires exactly N × 24 h after creation, and stops working then", async () => {
    const slug = uid("cli");
    await cli(
      "workspace",
      "create",
      "--name",
      "E",
      "--slug",
      slug,
      "--plan",
      "enterprise",
      "--owner-email",
      `o@${slug}.test`,
      "--owner-password",
      "cli-owner-password-1",
      "--json",
    );
    const before = Date.now();
    const res = await cli(
      "token",
      "create",
      "--workspace",
      slug,
      "--label",
      "Ninety",
      "--expires-in-days",
      "90",
      "--json",
    );
    const after = Date.now();
    expect(res.code, res.stderr).toBe(0);
    const created = JSON.parse(res.stdout);
    const expiresAt = Date.parse(created.expiresAt);
    const db = await getDb();
    const row = await db.scimToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.expiresAt?.getTime()).toBe(expiresAt);
    // 90 days of 86,400 s from the moment of creation (not calendar days, not midnight, not seconds)
    expect(expiresAt - row.createdAt.getTime()).toBeGreaterThanOrEqual(90 * 86_400_000 - 1000);
    expect(expiresAt - row.createdAt.getTime()).toBeLessThanOrEqual(90 * 86_400_000 + 1000);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 90 * 86_400_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 90 * 86_400_000);
    // active the millisecond before, expired from that moment on
    expect(tokenStatus(row, new Date(expiresAt - 1))).toBe("active");
    expect(tokenStatus(row, new Date(expiresAt))).toBe("expired");
    expect((await verifyBearer(database().sql, `Bearer ${created.token}`)).ok).toBe(true);
    await db.scimToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await verifyBearer(database().sql, `Bearer ${created.token}`)).toMatchObject({
      ok: false,
      reason: "expired",
    });
    // without the option the token never expires; out-of-range or fractional values write nothing
    const forever = JSON.parse((await cli("token", "create", "--workspace", slug, "--json")).stdout);
    expect(forever.expiresAt).toBeNull();
    const count = await db.scimToken.count({ where: { workspace: { slug } } });
    for (const bad of ["3651", "1.5"]) {
      const r = await cli("token", "create", "--workspace", slug, "--expires-in-days", bad, "--json");
      expect(r.code, bad).not.toBe(0);
      expect(r.stdout, bad).toBe("");
    }
    expect(await db.scimToken.count({ where: { workspace: { slug } } })).toBe(count);
  });

  it("rejects bad arguments with a message and exit code 2", async () => {
    const res = await cli("token", "create", "--json");
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain("Missing --workspace");
    const unknown = await cli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command");
  });

  it("refuses a duplicate slug, a short password and a weak one without writing anything", async () => {
    const db = await getDb();
    const slug = uid("cli");
    await cli(
      "workspace",
      "create",
      "--name",
      "A",
      "--slug",
      slug,
      "--owner-email",
      `a@${slug}.test`,
      "--owner-password",
      "cli-owner-password-1",
    );
    const before = await Promise.all([db.workspace.count(), db.account.count(), db.member.count()]);
    const dup = await cli(
      "workspace",
      "create",
      "--name",
      "B",
      "--slug",
      slug,
      "--owner-email",
      `b@${slug}.test`,
      "--owner-password",
      "cli-owner-password-1",
      "--json",
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain(`slug "${slug}" already exists`);
    const short = await cli(
      "workspace",
      "create",
      "--name",
      "C",
      "--owner-email",
      `c@${slug}.test`,
      "--owner-password",
      "short",
      "--json",
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("at least 8 characters");
    // issue 13, item 7: long enough but trivially guessable, for the owner and for a user
    const weak = await cli(
      "workspace",
      "create",
      "--name",
      "D",
      "--owner-email",
      `d@${slug}.test`,
      "--owner-password",
      "aaaaaaaa",
      "--json",
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("too easy to guess");
    const weakUser = await cli(
      "user",
      "create",
      "--workspace",
      slug,
      "--email",
      `u@${slug}.test`,
      "--password",
      "password1",
      "--json",
    );
    expect(weakUser.code).toBe(1);
    expect(weakUser.stderr).toContain("too easy to guess");
    const after = await Promise.all([db.workspace.count(), db.account.count(), db.member.count()]);
    expect(after).toEqual(before);
  });
});
