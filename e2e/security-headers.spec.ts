// Security of what the browser receives (issue 6, "Tokens and sessions"): cookie flags, security headers on
// every kind of response, no framing by other sites, and hostile URLs answered without a 500.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect, type APIResponse } from "@playwright/test";
import { E2E_URL } from "../playwright.config";
import { admin, createWorkspace, signIn } from "./support";
import { sessionCookie } from "./security-support";

test("session and CSRF cookies are httpOnly and SameSite=Lax; Secure follows APP_URL", async ({ page, context }) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  const cookies = await context.cookies();
  const session = sessionCookie(cookies);
  expect(session, JSON.stringify(cookies.map((c) => c.name))).toBeTruthy();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(session!.path).toBe("/");
  // Secure is set when APP_URL is https:// (next-auth's useSecureCookies, lib/auth/options.ts), and the
  // cookie is then named __Secure-next-auth.session-token. This server runs on plain http, so: not Secure.
  expect(E2E_URL.startsWith("https://")).toBe(false);
  expect(session!.secure).toBe(false);
  expect(session!.name).toBe("next-auth.session-token");
  // a session lasts at most 12 hours
  expect(session!.expires * 1000 - Date.now()).toBeLessThanOrEqual(12 * 3600 * 1000 + 60_000);
  for (const c of cookies.filter((c) => c.name.startsWith("next-auth."))) {
    expect(c.httpOnly, c.name).toBe(true);
    expect(c.sameSite, c.name).toBe("Lax");
  }
  // and the page's scripts cannot read it
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});

function expectSecurityHeaders(res: APIResponse, what: string) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(csp, `${what}: CSP`).toContain("default-src 'self'");
  expect(csp, `${what}: CSP`).toContain("object-src 'none'");
  expect(h["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
  expect(h["referrer-policy"], `${what}: Referrer-Policy`).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
}

test("security headers on pages, the sign-in API, /api/health and every kind of SCIM response", async ({
  page,
  request,
}) => {
  const ws = createWorkspace();
  const token = admin("token", "create", "--workspace", ws.slug, "--label", "Headers").token as string;
  await signIn(page, ws.email, ws.password);
  const auth = { headers: { Authorization: `Bearer ${token}` } };
  const responses: [string, APIResponse][] = [
    ["/signin", await request.get("/signin")],
    ["/ (redirect)", await request.get("/", { maxRedirects: 0 })],
    ["/api/auth/csrf", await request.get("/api/auth/csrf")],
    ["/api/health", await request.get("/api/health")],
    ["workspace page (signed in)", await page.request.get(`/w/${ws.slug}/members`)],
    ["CSV export (signed in)", await page.request.get(`/w/${ws.slug}/log/export`)],
    ["404 page", await request.get("/no-such-page")],
    ["SCIM discovery", await request.get("/scim/v2/ServiceProviderConfig")],
    ["SCIM 401", await request.get("/scim/v2/Users")],
    ["SCIM 200", await request.get("/scim/v2/Users", auth)],
    ["SCIM 201", await request.post("/scim/v2/Users", { ...auth, data: { userName: "headers@example.com" } })],
    ["SCIM 400", await request.get(`/scim/v2/Users?filter=${encodeURIComponent("userName eq")}`, auth)],
    ["SCIM 404", await request.get("/scim/v2/Users/00000000-0000-0000-0000-000000000000", auth)],
  ];
  for (const [what, res] of responses) {
    expect(res.status(), what).toBeLessThan(500);
    expectSecurityHeaders(res, what);
  }
  expect(responses.length).toBe(13);
});

test("no other site can frame the app (frame-ancestors 'none', X-Frame-Options DENY)", async ({ page }) => {
  // An attacker's page, served from another origin on this machine, with two frames: one of its own (it
  // renders: frames work here) and the app's sign-in page.
  const server = http.createServer((req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(
      req.url === "/inner"
        ? "<html><body><p>attacker frame content</p></body></html>"
        : `<html><body><h1>Free prizes</h1><iframe id="own" src="/inner"></iframe><iframe id="victim" name="victim" src="${E2E_URL}/signin" width="800" height="600"></iframe></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const attacker = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const victimResponse = page.waitForResponse((r) => r.url() === `${E2E_URL}/signin`);
    await page.goto(`${attacker}/`);
    await expect(page.frameLocator("#own").getByText("attacker frame content")).toBeVisible();
    const res = await victimResponse; // the app answered the frame's request…
    expect(res.status()).toBe(200);
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    // …but the browser refused to show it: the frame ends on Chromium's error page (polled, no fixed
    // sleep), with no sign-in form inside
    await expect.poll(() => page.frame({ name: "victim" })?.url() ?? "", { timeout: 10_000 }).toMatch(/^chrome-error:/);
    expect(await page.frameLocator("#victim").locator("input[type=password]").count()).toBe(0);
  } finally {
    server.close();
  }
  // while the same page opened on its own does have the form (so the check above can fail)
  await page.goto("/signin");
  await expect(page.locator("input[type=password]")).toHaveCount(1);
});

test("hostile URLs are answered with 4xx, never a 500: malformed escapes, NUL characters, tampered cursors", async ({
  page,
}) => {
  const ws = createWorkspace();
  const token = admin("token", "create", "--workspace", ws.slug, "--label", "URLs").token as string;
  await signIn(page, ws.email, ws.password);
  const cursor = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString("base64url");
  // (a NUL character in the path is refused by proxy.ts before any page or the database sees it)
  const urls: [string, number | null][] = [
    ["/w/%ED%A0%80/members", 400],
    ["/w/%E0%A4%A/settings", 400],
    ["/invite/%ED%A0%80", 400],
    ["/api/auth/%ZZ", 400],
    ["/w/%00/members", 400],
    [`/w/${ws.slug}/members/%00`, 400],
    [`/w/${ws.slug}/groups/%00`, 400],
    [`/w/${ws.slug}/log/%00`, 400],
    [`/w/${ws.slug}/members?q=%00`, 200],
    [`/w/${ws.slug}/groups?q=%00`, 200],
    [`/w/${ws.slug}/log?q=%00`, 200],
    [`/w/${ws.slug}/log/export?q=%00`, 200],
    [`/w/${ws.slug}/members?after=${cursor(["\u0000"])}`, 200],
    [`/w/${ws.slug}/members?before=${cursor(["\u0000"])}`, 200],
    [`/w/${ws.slug}/groups?after=${cursor(["\u0000"])}`, 200],
    [`/w/${ws.slug}/log?after=${cursor(["2020-01-01T00:00:00.000Z", "\u0000"])}`, 200],
    [`/w/${ws.slug}/members?after=${cursor([1e308, "x"])}&size=-5`, 200],
    [`/w/${ws.slug}/members?size=99999999999999999999&status=%00&role=%00`, 200],
  ];
  for (const [url, expected] of urls) {
    const res = await page.request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(expected);
    if (url.includes("/export")) expect(await res.text()).toContain("time,method,endpoint");
  }
  // the SCIM API answers SCIM errors for the same kinds of garbage
  for (const path of ["/Users/100%", "/Users/%E0%A4%A", "/%ED%A0%80", "/Groups/%ZZ"]) {
    const res = await page.request.get(`/scim/v2${path}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status(), path).toBe(404);
    expect(res.headers()["content-type"]).toMatch(/^application\/scim\+json/);
    expect((await res.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  }
  const nul = await page.request.get(`/scim/v2/Users?filter=${encodeURIComponent('userName eq "a\u0000"')}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(nul.status()).toBe(400);
  expect((await nul.json()).scimType).toBe("invalidFilter");
});
