// Sessions and their protection (issue 6, "Tokens and sessions"): CSRF on server actions and on sign-in,
// login throttling, and removal ending a member's session at once. (Suspension ending a session is in
// e2e/admin-roles.spec.ts.)
import { test, expect, request as playwrightRequest } from "@playwright/test";
import { E2E_URL } from "../playwright.config";
import { admin, createWorkspace, signIn, uid } from "./support";
import { apiSignIn, callAction, query, sessionCookie, workspaceSnapshot } from "./security-support";

test("server actions refuse requests from another site (Origin check); the same request from the app runs", async ({
  page,
}) => {
  const ws = createWorkspace();
  const target = admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    `${uid("t")}@example.test`,
    "--password",
    "target-password-1",
    "--role",
    "member",
  );
  await signIn(page, ws.email, ws.password);
  const before = await workspaceSnapshot(ws.slug);
  const call = (origin: string | null) =>
    callAction(page.request, {
      page: `/w/${ws.slug}/members/${target.id}`,
      action: "setSuspendedAction",
      fields: { slug: ws.slug, memberId: target.id, suspend: "true" },
      origin,
    });

  // cross-site (a form on another site posting here), a privacy-stripped "null" origin, a look-alike
  // port, and a forged request with no Origin at all: all refused, nothing changed
  let cells = 0;
  for (const origin of [
    "https://evil.example",
    "null",
    E2E_URL.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`),
    "http://localhost.evil.example",
    null,
  ]) {
    const res = await call(origin);
    expect(res.status, `Origin ${origin}`).toBe(403);
    expect(res.result, `Origin ${origin}`).toBeNull();
    cells++;
  }
  expect(cells).toBe(5);
  expect(await workspaceSnapshot(ws.slug)).toBe(before);

  // the very same request with the app's own Origin runs (so it was only the Origin that was refused)
  const ok = await call(E2E_URL);
  expect(ok.status).toBe(200);
  expect(ok.result).toMatchObject({ ok: true, message: "Member suspended." });
  const [row] = await query(`SELECT "status" FROM "Member" WHERE "id" = ?`, target.id);
  expect(row.status).toBe("suspended");
});

test("next-auth refuses a credentials sign-in without a valid CSRF token", async () => {
  const ws = createWorkspace();
  const fresh = () => playwrightRequest.newContext({ baseURL: E2E_URL });
  const form = { email: ws.email, password: ws.password, json: "true" };
  const attempts: [string, Record<string, string>][] = [
    ["no csrfToken", form],
    ["empty csrfToken", { ...form, csrfToken: "" }],
    ["made-up csrfToken", { ...form, csrfToken: "a".repeat(64) }],
    ["another browser's csrfToken", { ...form, csrfToken: "FROM_OTHER" }],
  ];
  const other = await fresh();
  const otherToken = (await (await other.get("/api/auth/csrf")).json()).csrfToken as string;
  for (const [what, fields] of attempts) {
    const ctx = await fresh();
    await ctx.get("/api/auth/csrf"); // this context's own csrf cookie, which the token must match
    const body = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === "FROM_OTHER" ? otherToken : v]));
    const res = await ctx.post("/api/auth/callback/credentials", { form: body, maxRedirects: 0 });
    expect(res.status(), what).toBeLessThan(500);
    expect(sessionCookie((await ctx.storageState()).cookies), what).toBeUndefined();
    expect(await (await ctx.get("/api/auth/session")).json(), what).toEqual({});
    await ctx.dispose();
  }
  // and with its own token it works (the refusals above were about the token only)
  const ctx = await fresh();
  await apiSignIn(ctx, ws.email, ws.password);
  expect(sessionCookie((await ctx.storageState()).cookies)).toBeTruthy();
  expect((await (await ctx.get("/api/auth/session")).json()).user.email).toBe(ws.email);
  await ctx.dispose();
  await other.dispose();
});

test("login throttling: after 11 wrong passwords even the right one is refused; other accounts are unaffected", async ({
  page,
}) => {
  const ws = createWorkspace();
  const victim = `${uid("vic")}@example.test`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    victim,
    "--password",
    "victim-password-1",
    "--role",
    "member",
  );
  const attacker = await playwrightRequest.newContext({ baseURL: E2E_URL });
  for (let i = 0; i < 11; i++) {
    const res = await apiSignIn(attacker, victim, `wrong-password-${i}`);
    expect(res.status()).toBeLessThan(500);
    expect(sessionCookie((await attacker.storageState()).cookies)).toBeUndefined();
  }
  await attacker.dispose();

  // The real owner of the account, with the right password, in their own browser:
  await page.goto("/signin");
  await page.getByLabel("Email").fill(victim);
  await page.getByLabel("Password").fill("victim-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed attempts" })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  expect(sessionCookie(await page.context().cookies())).toBeUndefined();

  // Throttling is per account: the workspace owner signs in normally meanwhile.
  await page.context().clearCookies();
  await signIn(page, ws.email, ws.password);
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}`));
});

test("removing a member ends their session at once: pages 404, actions refused, home sends them to sign-in", async ({
  page,
  browser,
}) => {
  const ws = createWorkspace();
  const email = `${uid("ada")}@example.test`;
  const ada = admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    email,
    "--password",
    "ada-password-1",
    "--role",
    "admin",
    "--name",
    "Ada Admin",
  );
  const adaContext = await browser.newContext();
  const adaPage = await adaContext.newPage();
  await signIn(adaPage, email, "ada-password-1");
  await adaPage.goto(`/w/${ws.slug}/members`);
  await expect(adaPage.getByRole("heading", { name: "Members" })).toBeVisible();
  const inviteCheck = await callAction(adaPage.request, {
    page: `/w/${ws.slug}/settings`,
    action: "saveRetentionAction",
    fields: { slug: ws.slug, retentionDays: "20" },
  });
  expect(inviteCheck.result).toMatchObject({ ok: true }); // her session works before the removal

  // The owner removes her.
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members/${ada.id}`);
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/members\\?removed=`));

  // Her very next requests, with the same cookie:
  expect(sessionCookie(await adaContext.cookies())).toBeTruthy();
  for (const path of ["", "/members", `/members/${ada.id}`, "/settings", "/log", "/groups", "/profile"]) {
    const res = await adaPage.goto(`/w/${ws.slug}${path}`);
    expect(res?.status(), path).toBe(404);
    await expect(adaPage.getByText("Ada Admin")).toHaveCount(0);
  }
  expect((await adaPage.request.get(`/w/${ws.slug}/log/export`)).status()).toBe(404);
  const refused = await callAction(adaPage.request, {
    page: `/w/${ws.slug}/settings`,
    action: "saveRetentionAction",
    fields: { slug: ws.slug, retentionDays: "3" },
  });
  expect(refused.result?.errors?.form).toMatch(/not allowed/);
  const [wsRow] = await query(`SELECT "logRetentionDays" FROM "Workspace" WHERE "slug" = ?`, ws.slug);
  expect(wsRow.logRetentionDays).toBe(20);
  await adaPage.goto("/");
  await expect(adaPage).toHaveURL(/\/signin\?error=NoWorkspace/);
  await adaContext.close();
});
