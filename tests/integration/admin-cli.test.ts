// The admin CLI as automation uses it: `npm run -s admin -- … --json` prints exactly one JSON object;
// bad input exits non-zero with a message and writes nothing.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, it, expect } from "vitest";
import { database, getDb } from "@/lib/db/client";
import { verifyBearer } from "@/lib/services/tokens";
import { uid } from "./helpers";

const run = promisify(execFile);

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
    const ws = await cli("workspace", "create", "--name", "CLI Co", "--slug", slug, "--plan", "enterprise", "--owner-email", `o@${slug}.test`, "--owner-password", "cli-owner-password-1", "--json");
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
    expect(await verifyBearer(database().sql, `Bearer ${created.token}`)).toMatchObject({ ok: false, reason: "revoked" });
  });

  it("adds a manual member who can sign in", async () => {
    const slug = uid("cli");
    await cli("workspace", "create", "--name", "M", "--slug", slug, "--owner-email", `o@${slug}.test`, "--owner-password", "cli-owner-password-1", "--json");
    const res = await cli("user", "create", "--workspace", slug, "--email", `Admin@${slug}.test`, "--password", "cli-admin-password-1", "--role", "admin", "--json");
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ userName: `Admin@${slug}.test`, role: "admin", status: "active" });
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
    await cli("workspace", "create", "--name", "A", "--slug", slug, "--owner-email", `a@${slug}.test`, "--owner-password", "cli-owner-password-1");
    const before = await Promise.all([db.workspace.count(), db.account.count(), db.member.count()]);
    const dup = await cli("workspace", "create", "--name", "B", "--slug", slug, "--owner-email", `b@${slug}.test`, "--owner-password", "cli-owner-password-1", "--json");
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain(`slug "${slug}" already exists`);
    const short = await cli("workspace", "create", "--name", "C", "--owner-email", `c@${slug}.test`, "--owner-password", "short", "--json");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("at least 8 characters");
    // issue 13, item 7: long enough but trivially guessable, for the owner and for a user
    const weak = await cli("workspace", "create", "--name", "D", "--owner-email", `d@${slug}.test`, "--owner-password", "aaaaaaaa", "--json");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("too easy to guess");
    const weakUser = await cli("user", "create", "--workspace", slug, "--email", `u@${slug}.test`, "--password", "password1", "--json");
    expect(weakUser.code).toBe(1);
    expect(weakUser.stderr).toContain("too easy to guess");
    const after = await Promise.all([db.workspace.count(), db.account.count(), db.member.count()]);
    expect(after).toEqual(before);
  });
});
