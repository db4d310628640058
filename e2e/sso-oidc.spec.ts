// OpenID Connect single sign-on in the browser, against oidc-provider on loopback: a SCIM-provisioned
// member signs in and lands in the workspace; SCIM active=false ends the session and refuses SSO;
// reactivation restores it.
import { test, expect } from "@playwright/test";
import { E2E_DNS_PORT } from "../playwright.config";
import { startDnsServer, type TestDnsServer } from "../tests/support/dns-server";
import { startOidcOp, type TestOidcOp } from "../tests/support/oidc-op";
import { createWorkspace, screenshot, signIn, uid } from "./support";
import { newPage, provision, ssoSignIn, verifyDomainInUi } from "./sso-support";

let dns: TestDnsServer;
let op: TestOidcOp | undefined;
// Several full sign-ins per test: give them room on a busy machine.
test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  dns = await startDnsServer(E2E_DNS_PORT);
});
test.afterAll(async () => {
  await dns.close();
  await op?.close();
});

test("a SCIM member signs in with OIDC; active=false ends the session and refuses SSO; reactivation restores it", async ({
  page,
  browser,
}) => {
  const ws = createWorkspace();
  const domain = `${uid("corp")}.test`;
  await signIn(page, ws.email, ws.password);
  await verifyDomainInUi(page, ws.slug, domain, dns);
  await page.goto(`/w/${ws.slug}/settings/sso`);
  const redirectUri = await page.getByRole("textbox", { name: "OpenID Connect redirect URI" }).inputValue();
  op = await startOidcOp([redirectUri]);

  await page.getByLabel("Issuer URL").fill(op.issuer);
  await page.getByLabel("Client ID").fill(op.clientId);
  await page.getByLabel("Client secret").fill(op.clientSecret);
  await page.getByRole("button", { name: "Save OpenID Connect settings" }).click();
  await expect(page.getByRole("status")).toContainText("issuer discovery works");
  await page.reload();
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await expect(page.getByLabel("Client secret")).toHaveAttribute("placeholder", /stored/);
  expect(await page.content()).not.toContain(op.clientSecret);

  const email = `olga.${uid()}@${domain}`;
  const member = await provision(ws.slug, email, { givenName: "Olga", familyName: "Ode" });
  op.users.set(email, { sub: `sub-${uid()}`, email, given_name: "Olga", family_name: "Ode" });

  await page.getByRole("button", { name: "Test SSO" }).click();
  await page.getByLabel("IdP username").fill(email);
  await page.getByRole("button", { name: "Sign in at IdP" }).click();
  const result = page.getByTestId("sso-test-result");
  await expect(result.getByText("Test SSO succeeded")).toBeVisible();
  // the page comes back scrolled to the result, not to its top
  await expect(result).toBeInViewport();
  await expect(result).toContainText(op.users.get(email)!.sub);

  const m = await newPage(browser);
  await ssoSignIn(m, email);
  await expect(m).toHaveURL(new RegExp(`/w/${ws.slug}`));
  await expect(m.getByText("Olga Ode").first()).toBeVisible();
  await screenshot(m, "sso-oidc-signed-in");

  await member.setActive(false);
  await m.reload();
  await expect(m).toHaveURL(/\/signin\?error=Suspended/);
  await ssoSignIn(m, email);
  await expect(m).toHaveURL(/\/sso\/error\?code=suspended/);
  await expect(m.getByRole("main").getByRole("alert")).toContainText("suspended");

  await member.setActive(true);
  await ssoSignIn(m, email);
  await expect(m).toHaveURL(new RegExp(`/w/${ws.slug}`));
  await expect(m.getByText("Olga Ode").first()).toBeVisible();
});
