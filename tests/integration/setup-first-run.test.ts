// The first run: /setup's action (app/setup/actions.ts) on an EMPTY database creates the first workspace
// (Enterprise) and its owner, who can then sign in with that password; a second run is refused and writes
// nothing. Runs on a throwaway database of the kind under test that holds no workspace at all (the
// shared integration database already has many), pointed to by the app's process-wide handle.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/cache", async () => (await import("../support/session-mock")).nextCacheStub());

import { setupAction } from "@/app/setup/actions";
import { authOptions } from "@/lib/auth/options";
import { createDatabase, type Database } from "@/lib/db/client";
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with the benchmark
import { createThrowawayDatabase } from "../../scripts/throwaway-database.mjs";

type Authorize = (c: Record<string, string>, req: unknown) => Promise<unknown>;
const g = globalThis as unknown as { __database?: Database };
const original = g.__database;

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

/** The action's redirect (next/navigation throws it), or the returned state. */
async function submit(fields: Record<string, string>) {
  try {
    return { state: await setupAction({}, form(fields)), redirect: null };
  } catch (e) {
    const digest = (e as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw e;
    return { state: null, redirect: digest.split(";")[2] };
  }
}

describe("/setup on a fresh install", () => {
  let empty: { url: string; drop: () => Promise<void> };
  let app: Database;

  beforeAll(async () => {
    const kind = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
    empty = await createThrowawayDatabase(kind, ".test", { prefix: "scim_setup", pgAdminUrl: process.env.TEST_PG_URL });
    app = createDatabase(empty.url);
    g.__database = app;
  }, 120_000);

  afterAll(async () => {
    g.__database = original;
    await app?.db.$disconnect().catch(() => {});
    await empty?.drop();
  });

  it("creates the first workspace and its owner, who signs in; a second setup is refused and writes nothing", async () => {
    const { db } = app;
    expect(await db.workspace.count()).toBe(0);
    // invalid input first: nothing is written, the values come back
    const bad = await submit({ name: "Acme", ownerEmail: "not-an-email", ownerPassword: "short" });
    expect(bad.state?.errors).toMatchObject({ ownerEmail: expect.any(String), ownerPassword: "At least 8 characters" });
    expect(await db.workspace.count()).toBe(0);

    const first = await submit({
      name: "  Acme Corp ",
      ownerName: "Olivia Owner",
      ownerEmail: "Olivia@Acme.test",
      ownerPassword: "first-run-pass-1",
    });
    expect(first.redirect).toBe("/signin?setup=1");
    const [ws] = await db.workspace.findMany();
    expect(ws).toMatchObject({ name: "Acme Corp", plan: "enterprise" });
    const members = await db.member.findMany({ where: { workspaceId: ws.id }, include: { account: true } });
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ role: "owner", status: "active", userName: "Olivia@Acme.test" });
    expect(members[0].account).toMatchObject({ emailLower: "olivia@acme.test", name: "Olivia Owner" });
    expect(members[0].account?.passwordHash).not.toContain("first-run-pass-1");

    const authorize = (
      authOptions().providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } }
    ).options.authorize;
    await expect(authorize({ email: "olivia@acme.test", password: "first-run-pass-1" }, {})).resolves.toMatchObject({
      id: members[0].accountId,
    });
    await expect(authorize({ email: "olivia@acme.test", password: "first-run-pass-2" }, {})).resolves.toBeNull();

    const again = await submit({ name: "Second", ownerEmail: "mallory@evil.test", ownerPassword: "second-run-pass" });
    expect(again.redirect).toBeNull();
    expect(again.state?.errors?.form).toMatch(/already complete/);
    expect(await db.workspace.count()).toBe(1);
    expect(await db.account.count()).toBe(1);
  });
});
