// Verified domains in the browser, against a DNS responder on loopback: success, wrong value, expired code.
import { test, expect } from "@playwright/test";
import { E2E_DNS_PORT } from "../playwright.config";
import { startDnsServer, type TestDnsServer } from "../tests/support/dns-server";
import { createWorkspace, screenshot, signIn, uid } from "./support";
import { e2eSql, verifyDomainInUi } from "./sso-support";

let dns: TestDnsServer;
// Several full sign-ins per test: give them room on a busy machine.
test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  dns = await startDnsServer(E2E_DNS_PORT);
});
test.afterAll(() => dns.close());

test("an owner verifies a domain with a DNS TXT record; SSO settings stop warning", async ({ page }) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings/sso`);
  await expect(page.getByText("No verified domain yet")).toBeVisible();
  const domain = `${uid("acme")}.test`;
  await verifyDomainInUi(page, ws.slug, domain, dns);
  await screenshot(page, "sso-domain-verified");
  await page.goto(`/w/${ws.slug}/settings/sso`);
  await expect(page.getByRole("heading", { name: "Single sign-on" })).toBeVisible();
  await expect(page.getByText("No verified domain yet")).toHaveCount(0);
});

test("a wrong TXT value and an expired code are refused with a reason", async ({ page }) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings/domains`);
  const domain = `${uid("wrong")}.test`;
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.getByRole("listitem", { name: domain });
  await expect(row.getByText("Pending verification", { exact: true })).toBeVisible();

  dns.txt.set(domain, ["workspace-domain-verification=not-the-code"]);
  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row.getByRole("alert")).toContainText("different value");
  await expect(row.getByText("Pending verification", { exact: true })).toBeVisible();

  // Four weeks pass: the code expires, even a correct record no longer verifies.
  dns.txt.set(domain, [await row.getByRole("textbox", { name: "TXT value" }).inputValue()]);
  await e2eSql(`UPDATE "Domain" SET "expiresAt" = $1 WHERE "domain" = $2`, [new Date(Date.now() - 60_000), domain]);
  await page.reload();
  await expect(row.getByText("Code expired", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: "Verify" })).toHaveCount(0);
  await screenshot(page, "sso-domain-expired");

  await row.getByRole("button", { name: "New code" }).click();
  await expect(row.getByText("Pending verification", { exact: true })).toBeVisible();
  dns.txt.set(domain, [await row.getByRole("textbox", { name: "TXT value" }).inputValue()]);
  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row.getByText("Verified", { exact: true })).toBeVisible();
});
