// Helpers for the SSO e2e specs: verify a domain through the UI against the loopback DNS responder,
// provision members over SCIM, sign in through "Sign in with SSO" at a test IdP, and poke the e2e
// database where a test needs time to pass (an expired verification code).
import { expect, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import pg from "pg";
import { E2E_DATABASE_URL, E2E_URL } from "../playwright.config";
import type { TestDnsServer } from "../tests/support/dns-server";
import { admin, scimFetch, uid } from "./support";

/** Runs one SQL statement against the e2e database (SQLite by default, PostgreSQL when configured). */
export async function e2eSql(sql: string, params: unknown[] = []) {
  if (E2E_DATABASE_URL.startsWith("file:")) {
    const db = new Database(E2E_DATABASE_URL.slice("file:".length));
    try {
      // Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit +00:00 offset.
      const values = params.map((p) => (p instanceof Date ? p.toISOString().replace("Z", "+00:00") : p));
      db.prepare(sql.replace(/\$\d+/g, "?")).run(...(values as never[]));
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Adds `domain` on the Verified domains page, publishes its TXT record and verifies it. */
export async function verifyDomainInUi(page: Page, slug: string, domain: string, dns: TestDnsServer) {
  await page.goto(`/w/${slug}/settings/domains`);
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  const row = page.getByRole("listitem", { name: domain });
  await expect(row.getByText("Pending verification", { exact: true })).toBeVisible();
  const value = await row.getByRole("textbox", { name: "TXT value" }).inputValue();
  dns.txt.set(domain, [value]);
  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row.getByText("Verified", { exact: true })).toBeVisible();
}

/** A SCIM token for the workspace and a member provisioned with it (as Entra would). */
export async function provision(slug: string, userName: string, name = { givenName: "Pat", familyName: "Doe" }) {
  const { token } = admin("token", "create", "--workspace", slug, "--label", "Entra ID");
  const created = await scimFetch(token, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    externalId: uid("ext"),
    active: true,
    name,
    displayName: `${name.givenName} ${name.familyName}`,
    emails: [{ value: userName, type: "work", primary: true }],
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const setActive = async (active: boolean) => {
    const r = await scimFetch(token, "PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: active }],
    });
    expect(r.status).toBe(200);
  };
  return { token, id, setActive };
}

/** "Sign in with SSO" from the password page, through the test IdP's login form (skipped when the IdP
 * still has a session for this browser, as a real IdP would). */
export async function ssoSignIn(page: Page, email: string, idpUsername = email) {
  await page.goto("/signin");
  await page.getByRole("link", { name: "Sign in with SSO" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  const username = page.getByLabel("IdP username");
  const backInApp = () => {
    const u = new URL(page.url());
    return u.host === new URL(E2E_URL).host && (u.pathname.startsWith("/w/") || u.pathname.startsWith("/sso/error"));
  };
  await expect.poll(async () => backInApp() || (await username.isVisible()), { timeout: 15_000 }).toBe(true);
  if (backInApp()) return;
  await username.fill(idpUsername);
  await page.getByRole("button", { name: "Sign in at IdP" }).click();
}

export async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}
