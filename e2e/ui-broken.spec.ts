// The admin UI defects of issue 14, one check each: every test here failed on the code before the fix
// (invite links in the page header, forms dropping what was typed, sideways scrolling at 390 px, log links
// to pages that 404, SSO settings saved with a broken issuer, browser confirm(), the token dialog closing
// on Escape, one-click domain removal, no favicon or not-found page, /setup after setup, sign-in that
// forgot where you were going).
import { test, expect, type Page } from "@playwright/test";
import { startSamlIdp, type TestSamlIdp } from "../tests/support/saml-idp";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";

let idp: TestSamlIdp;
test.beforeAll(async () => {
  idp = await startSamlIdp();
});
test.afterAll(async () => {
  await idp.close();
});

/** No sideways scrolling: the document is no wider than the window. */
async function expectNoOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `page is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

/** A browser confirm() fails the test: destructive actions are confirmed in the app's own dialog. */
function refuseNativeDialogs(page: Page) {
  page.on("dialog", (d) => {
    void d.dismiss();
    throw new Error(`native ${d.type()} dialog: ${d.message()}`);
  });
}

test("invite: nothing claims to be sent, and the one-time links show in the dialog, not in the page header", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members`);
  await page.getByRole("button", { name: "Invite members" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite members" });
  await expect(dialog.getByRole("button", { name: "Send invites" })).toHaveCount(0);
  await dialog.getByLabel("Email addresses").fill(`${uid("a")}@example.test, ${uid("b")}@example.test`);
  await dialog.getByRole("button", { name: "Create invite links" }).click();
  const links = page.getByRole("dialog", { name: "Copy the invite links" });
  await expect(links).toContainText("Nothing is emailed");
  await expect(links.getByTestId("invite-link")).toHaveCount(2);
  for (const copy of await links.getByRole("button", { name: "Copy link" }).all()) await expect(copy).toBeInViewport();
  await expectNoOverflow(page);
  await links.getByRole("button", { name: "Done" }).click();
  await expect(links).toBeHidden();
  await expect(page.getByTestId("invite-link")).toHaveCount(0);
});

/** A new workspace whose owner is signed in on `page`. */
async function owner(page: Page) {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  return ws;
}

test("token form keeps label and expiry on a validation error", async ({ page }) => {
  const ws = await owner(page);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByLabel("Label").fill("Entra production");
  await page.getByLabel("Expires after (days)").fill("0");
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByText("At least 1 day")).toBeVisible();
  await expect(page.getByLabel("Label")).toHaveValue("Entra production");
  await expect(page.getByLabel("Expires after (days)")).toHaveValue("0");
});

test("retention form keeps 0 on a validation error (it does not reset to the stored 30)", async ({ page }) => {
  const ws = await owner(page);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByLabel("Keep events for (days)").fill("0");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.locator("#retention-status")).toContainText("At least 1 day");
  await expect(page.getByLabel("Keep events for (days)")).toHaveValue("0");
});

test("invite form keeps the addresses and the role on a validation error", async ({ page }) => {
  const ws = await owner(page);
  await page.goto(`/w/${ws.slug}/members`);
  await page.getByRole("button", { name: "Invite members" }).click();
  await page.getByLabel("Email addresses").fill("ada@example.test, not-an-email");
  const dialog = page.getByRole("dialog", { name: "Invite members" });
  await dialog.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Create invite links" }).click();
  await expect(page.getByText("Not a valid email address: not-an-email")).toBeVisible();
  await expect(page.getByLabel("Email addresses")).toHaveValue("ada@example.test, not-an-email");
  await expect(dialog.getByLabel("Role")).toHaveValue("admin");
});

test("SAML form keeps Entity ID, SSO URL and certificate on a validation error", async ({ page }) => {
  const ws = await owner(page);
  await page.goto(`/w/${ws.slug}/settings/sso`);
  await page.getByLabel("IdP Entity ID (Issuer)").fill("https://idp.example.test/entity");
  await page.getByLabel("IdP SSO URL (Login URL)").fill("https://idp.example.test/sso");
  await page.getByLabel("IdP signing certificate (PEM or Base64)").fill("not a certificate");
  await page.getByRole("button", { name: "Save SAML settings" }).click();
  await expect(
    page.getByText(/certificate is not a valid|Paste the identity provider's signing certificate/),
  ).toBeVisible();
  await expect(page.getByLabel("IdP Entity ID (Issuer)")).toHaveValue("https://idp.example.test/entity");
  await expect(page.getByLabel("IdP SSO URL (Login URL)")).toHaveValue("https://idp.example.test/sso");
  await expect(page.getByLabel("IdP signing certificate (PEM or Base64)")).toHaveValue("not a certificate");
  await expect(page.getByLabel("IdP signing certificate (PEM or Base64)")).toHaveAttribute("aria-invalid", "true");
});

test("domain form keeps the typed domain on a validation error", async ({ page }) => {
  const ws = await owner(page);
  await page.goto(`/w/${ws.slug}/settings/domains`);
  await page.getByLabel("Domain", { exact: true }).fill("not a domain");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText("Enter a domain name like example.com")).toBeVisible();
  await expect(page.getByLabel("Domain", { exact: true })).toHaveValue("not a domain");
});

test.describe("390 px without sideways scrolling", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("settings with tokens and a failed request: Revoke reachable", async ({ page }) => {
    const ws = createWorkspace();
    const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID production tenant");
    admin("token", "create", "--workspace", ws.slug, "--label", "Okta");
    // a failed request, listed under "Last errors"
    expect((await scimFetch(token, "GET", "/Users/does-not-exist-0000000000000000000000000000")).status).toBe(404);
    await signIn(page, ws.email, ws.password);
    await page.goto(`/w/${ws.slug}/settings`);
    await expect(page.getByRole("heading", { name: "SCIM tokens" })).toBeVisible();
    await expectNoOverflow(page);
    // Revoke is on screen without scrolling sideways
    const revoke = page.getByRole("button", { name: "Revoke" }).first();
    await revoke.scrollIntoViewIfNeeded();
    await expect(revoke).toBeInViewport();
    expect(await page.evaluate(() => window.scrollX)).toBe(0);
  });

  test("single sign-on settings", async ({ page }) => {
    const ws = await owner(page);
    await page.goto(`/w/${ws.slug}/settings/sso`);
    await expect(page.getByRole("heading", { name: "Single sign-on", level: 1 })).toBeVisible();
    await expectNoOverflow(page);
  });

  test("a group's page", async ({ page }) => {
    const ws = createWorkspace();
    const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
    const group = await scimFetch(token, "POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "EngineeringPlatformInfrastructureReliabilityAndDeveloperProductivityGroup",
    });
    expect(group.status).toBe(201);
    await signIn(page, ws.email, ws.password);
    await page.goto(`/w/${ws.slug}/groups/${group.json.id}`);
    await expect(page.getByRole("heading", { name: /Engineering/ })).toBeVisible();
    await expectNoOverflow(page);
  });
});

/** A workspace with a long-named SCIM member and requests whose "id" is no member (a 404 with junk, a
 * `.search`, a path with `../`); its owner is signed in on `page`, which shows the log at 1440 px. */
async function logWithJunkIds(page: Page) {
  const ws = createWorkspace();
  const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  const userName = `averyveryverylongusername.${uid()}@example.test`;
  const created = await scimFetch(token, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    active: true,
  });
  expect(created.status).toBe(201);
  // requests whose "id" is no member: a 404 with junk, a .search, a path with ../
  expect((await scimFetch(token, "GET", "/Users/9034abcd;a")).status).toBe(404);
  await scimFetch(token, "POST", "/Users/.search", {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    startIndex: 1,
    count: 1,
  });
  await scimFetch(token, "GET", `/Users/..%2FUsers%2F${created.json.id}`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/log`);
  const table = page.getByRole("table", { name: "Provisioning requests" });
  await expect(table).toBeVisible();
  return { table, userName };
}

test("provisioning log links only members and groups that exist (no 404s, no ../ paths)", async ({ page }) => {
  const { table } = await logWithJunkIds(page);
  const memberLinks = table.locator('a[href*="/members/"], a[href*="/groups/"]');
  const hrefs = await memberLinks.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    expect(href).not.toMatch(/\.search|9034|\.\.|%2F/i);
    const res = await page.request.get(href);
    expect(res.status(), href).toBe(200);
  }
});

test("provisioning log does not break user names mid-word", async ({ page }) => {
  const { table, userName } = await logWithJunkIds(page);
  // the long user name stays on one line (truncated, full text on hover), not broken mid-word
  const name = table.getByRole("link", { name: userName }).first();
  await expect(name).toBeVisible();
  const lines = await name.evaluate((el) => new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size);
  expect(lines).toBe(1);
  expect(await name.evaluate((el) => getComputedStyle(el.parentElement!).wordBreak)).not.toBe("break-all");
});

test("SSO: an OIDC issuer whose discovery fails is not saved", async ({ page }) => {
  const ws = await owner(page);
  await page.goto(`/w/${ws.slug}/settings/sso`);
  await page.getByLabel("Issuer URL").fill("http://127.0.0.1:9/no-idp-here");
  await page.getByLabel("Client ID").fill("client-1");
  await page.getByLabel("Client secret").fill("secret-1");
  await page.getByRole("button", { name: "Save OpenID Connect settings" }).click();
  await expect(page.getByText(/^Not saved:/)).toBeVisible();
  await expect(page.getByLabel("Issuer URL")).toHaveValue("http://127.0.0.1:9/no-idp-here");
  await page.reload();
  await expect(page.getByLabel("Issuer URL")).toHaveValue("");
});

/** A workspace with SAML configured from the test IdP's metadata and `members` SCIM members on an
 * unverified domain; its owner is on the SSO settings page. */
async function samlWorkspace(page: Page, members: number) {
  const ws = createWorkspace();
  const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  for (let i = 0; i < members; i++) {
    const r = await scimFetch(token, "POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `user${i}.${uid()}@elsewhere.test`,
      active: true,
    });
    expect(r.status).toBe(201);
  }
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings/sso`);
  await page.getByLabel("IdP metadata URL").fill(idp.metadataUrl);
  await page.getByRole("button", { name: "Save SAML settings" }).click();
  await expect(page.getByRole("status")).toContainText("SAML settings saved from the metadata");
  await page.reload();
  return ws;
}

test("SSO: unmatched members are counted in full and only the first ten listed, with a link to all", async ({
  page,
}) => {
  await samlWorkspace(page, 14);
  const unlinked = page.getByTestId("unlinked-members");
  await expect(unlinked).toContainText("14 members have not been matched yet");
  await expect(unlinked.getByRole("listitem")).toHaveCount(10);
  await expect(unlinked).toContainText("Showing 10 of 14");
  await expect(unlinked.getByRole("link", { name: "See all members" })).toBeVisible();
});

test("SSO: removal asks in the app's dialog, not the browser's confirm()", async ({ page }) => {
  refuseNativeDialogs(page);
  await samlWorkspace(page, 0);
  await page.getByRole("button", { name: "Remove single sign-on" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Remove single sign-on?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Remove single sign-on" }).click();
  await expect(confirm).toBeHidden();
  await page.reload();
  await expect(page.getByLabel("IdP Entity ID (Issuer)")).toHaveValue("");
});

test("the one-time token dialog stays open on Escape, with a warning", async ({ page }) => {
  const ws = await owner(page);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByLabel("Label").fill("Entra ID");
  await page.getByRole("button", { name: "Generate token" }).click();
  const secret = page.getByRole("dialog", { name: "Copy your SCIM token now" });
  await expect(secret.getByLabel("Secret token")).toHaveValue(/^scim_/);
  await page.keyboard.press("Escape");
  await expect(secret).toBeVisible();
  await expect(secret.getByRole("alert")).toContainText("cannot be shown again");
  await secret.getByRole("button", { name: "I have copied the token" }).click();
  await expect(secret).toBeHidden();
});

test("the revoke dialog's text is left-aligned", async ({ page }) => {
  const ws = createWorkspace();
  admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByRole("button", { name: "Revoke" }).click();
  const revoke = page.getByRole("alertdialog", { name: /Revoke token/ });
  await expect(revoke).toBeVisible();
  const align = await revoke.getByText("Requests using").evaluate((el) => getComputedStyle(el).textAlign);
  expect(["left", "start"]).toContain(align);
});

test("domain Remove asks first, in the app's dialog", async ({ page }) => {
  refuseNativeDialogs(page);
  const ws = await owner(page);
  const domain = `${uid("d")}.example.test`;
  await page.goto(`/w/${ws.slug}/settings/domains`);
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.getByRole("listitem", { name: domain });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Remove" }).click();
  const ask = page.getByRole("alertdialog", { name: `Remove ${domain}?` });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Remove" }).click();
  await ask.getByRole("button", { name: "Remove domain" }).click();
  await expect(page.getByRole("listitem", { name: domain })).toHaveCount(0);
});

test("favicon", async ({ request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image/);
});

test("a styled not-found page", async ({ page }) => {
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to your workspace" })).toBeVisible();
});

test("/setup after setup says so", async ({ page }) => {
  createWorkspace();
  await page.goto("/setup");
  await expect(page.getByRole("heading", { name: "Setup is complete" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Set up your workspace" })).toHaveCount(0);
});

test("sign-in returns to the page asked for (?next=)", async ({ page }) => {
  const ws = createWorkspace();
  await page.goto(`/w/${ws.slug}/log?outcome=failure`);
  await expect(page).toHaveURL(/\/signin\?next=/);
  await page.getByLabel("Email").fill(ws.email);
  await page.getByLabel("Password").fill(ws.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/log\\?outcome=failure$`));
});
