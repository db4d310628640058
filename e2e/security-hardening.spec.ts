// Issue 13, hardening found by an attacker's tour of `next start`: CSRF on forms posted without
// JavaScript (item 5), and the login throttle's client address in the real server (item 3). Other items of the issue are tested in tests/integration/hardening-*.test.ts.
import { test, expect, request as playwrightRequest } from "@playwright/test";
import { E2E_URL } from "../playwright.config";
import { admin, createWorkspace, signIn, uid } from "./support";
import { apiSignIn, callAction, query, serverActions, sessionCookie } from "./security-support";

/** How many SCIM tokens the workspace has. */
async function tokenCount(slug: string): Promise<number> {
  const rows = await query(
    `SELECT COUNT(*) AS n FROM "ScimToken" t JOIN "Workspace" w ON w."id" = t."workspaceId" WHERE w."slug" = ?`,
    slug,
  );
  return Number(rows[0].n);
}

test("a server-action form posted without JavaScript (no Next-Action header) is refused unless it comes from this site", async ({
  page,
}) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  const action = serverActions().get("createTokenAction");
  expect(action).toBeTruthy();
  // What a hostile page's <form method=post enctype=multipart/form-data action="https://app/w/slug/settings">
  // sends when the victim's browser submits it: the action id as a field name, the form's fields, the
  // victim's cookie, and no Next-Action header. A script-less forged request may also have no Origin.
  const post = (headers: Record<string, string>) =>
    page.request.post(`/w/${ws.slug}/settings`, {
      headers,
      multipart: { [`$ACTION_ID_${action!.id}`]: "", slug: ws.slug, label: "csrf", expiresInDays: "" },
      maxRedirects: 0,
    });
  const before = await tokenCount(ws.slug);
  const forged: Record<string, string>[] = [
    {}, // no Origin, no Sec-Fetch-Site (a non-browser forgery)
    { Origin: "https://evil.example" },
    { Origin: "null" },
    { "Sec-Fetch-Site": "cross-site" },
    { "Sec-Fetch-Site": "same-site" }, // a sibling subdomain is another site's code
    { Origin: E2E_URL.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`) },
  ];
  for (const headers of forged) {
    const res = await post(headers);
    expect(res.status(), JSON.stringify(headers)).toBe(403);
  }
  expect(await tokenCount(ws.slug)).toBe(before);

  // The same form from the app itself (what the browser sends for a same-origin post) runs.
  const ok = await post({ Origin: E2E_URL, "Sec-Fetch-Site": "same-origin" });
  expect(ok.status()).toBeLessThan(400);
  expect(await tokenCount(ws.slug)).toBe(before + 1);
});

test("state-changing requests to pages and routes need this site's Origin; SCIM, next-auth and the SAML ACS are exempt", async ({
  page,
}) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  for (const path of [`/w/${ws.slug}/settings`, `/w/${ws.slug}/members`, "/setup", "/signin"]) {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await page.request.fetch(path, {
        method,
        headers: { Origin: "https://evil.example" },
        data: "x",
        maxRedirects: 0,
      });
      expect(res.status(), `${method} ${path}`).toBe(403);
    }
  }
  // A SCIM client sends no Origin and is authenticated by its bearer token, not a cookie: not a 403 here.
  const scim = await page.request.post("/scim/v2/Users", { data: {}, headers: { Authorization: "Bearer nope" } });
  expect(scim.status()).toBe(401);
  // The identity provider posts the SAML response cross-site, by design (validated by signature instead).
  const acs = await page.request.post(`/api/sso/saml/${ws.slug}/acs`, {
    headers: { Origin: "https://idp.example" },
    form: { SAMLResponse: "x" },
    maxRedirects: 0,
  });
  expect(acs.status()).not.toBe(403);
});

test("login throttling counts the real client address: a forged X-Forwarded-For does not reset it", async ({
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
  const from = (xff: string) =>
    playwrightRequest.newContext({ baseURL: E2E_URL, extraHTTPHeaders: { "X-Forwarded-For": xff } });
  for (let i = 0; i < 10; i++) {
    const ctx = await from(`198.51.100.${i}`);
    await apiSignIn(ctx, victim, `wrong-password-${i}`);
    await ctx.dispose();
  }
  // The same machine, claiming yet another address, with the right password: still throttled.
  const ctx = await from("198.51.100.200");
  const res = await apiSignIn(ctx, victim, "victim-password-1");
  expect(res.status()).toBeLessThan(500);
  expect(sessionCookie((await ctx.storageState()).cookies)).toBeUndefined();
  expect(JSON.stringify(await res.json())).toContain("TooManyAttempts");
  await ctx.dispose();
  // Other accounts from this address are not locked out by it (10 failures are below the per-address limit).
  await signIn(page, ws.email, ws.password);
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}`));
});

test("TRACE is answered 405 (not a 500 with a logged stack trace), on pages, routes and SCIM", async ({ request }) => {
  for (const path of ["/signin", "/api/health", "/scim/v2/Users", "/w/x/settings"]) {
    const res = await request.fetch(path, { method: "TRACE", maxRedirects: 0 });
    expect(res.status(), `TRACE ${path}`).toBe(405);
    expect(res.headers()["allow"]).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    // (TRACK is no method Node's HTTP parser knows: it answers 400 itself)
    const track = await request.fetch(path, { method: "TRACK", maxRedirects: 0 });
    expect(track.status(), `TRACK ${path}`).toBe(400);
  }
});

test("a crafted callbackUrl (parameter or cookie) never makes sign-in answer 500, and never leaves the site", async () => {
  const ws = createWorkspace();
  for (const callbackUrl of [
    "http://[",
    "http://%zz",
    "https://evil.example/steal",
    "javascript:alert(1)",
    "//evil.example/x",
  ]) {
    const ctx = await playwrightRequest.newContext({ baseURL: E2E_URL });
    const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
    const res = await ctx.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: ws.email, password: ws.password, callbackUrl, json: "true" },
      maxRedirects: 0,
    });
    expect(res.status(), callbackUrl).toBeLessThan(500);
    const url = new URL((await res.json()).url);
    expect(url.origin, callbackUrl).toBe(E2E_URL);
    const page = await ctx.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
    expect(page.status(), `signin ${callbackUrl}`).toBeLessThan(500);
    await ctx.dispose();
  }
  // the same value in next-auth's callback-url cookie
  const ctx = await playwrightRequest.newContext({
    baseURL: E2E_URL,
    extraHTTPHeaders: { Cookie: "next-auth.callback-url=http%3A%2F%2F%5B" },
  });
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: ws.email, password: ws.password, json: "true" },
    maxRedirects: 0,
  });
  expect(res.status()).toBeLessThan(500);
  await ctx.dispose();
});

test("admin pages, their RSC payloads, server action answers and session endpoints are never cached", async ({
  page,
}) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  const checks: [string, Promise<import("@playwright/test").APIResponse>][] = [
    ["page", page.request.get(`/w/${ws.slug}/members`)],
    ["settings page", page.request.get(`/w/${ws.slug}/settings`)],
    ["RSC payload", page.request.get(`/w/${ws.slug}/members`, { headers: { RSC: "1" } })],
    ["session", page.request.get("/api/auth/session")],
  ];
  for (const [what, p] of checks) {
    const res = await p;
    expect(res.headers()["cache-control"] ?? "", what).toContain("no-store");
  }
  const action = await callAction(page.request, {
    page: `/w/${ws.slug}/settings`,
    action: "createTokenAction",
    fields: { slug: ws.slug, label: "cache", expiresInDays: "" },
    singleArgument: true,
  });
  expect(action.status).toBe(200);
  // the token's secret is in this answer
  expect(action.text).toContain("scim_");
  expect(action.headers["cache-control"] ?? "", "server action").toContain("no-store");
});
