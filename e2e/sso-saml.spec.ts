// SAML single sign-on in the browser, against a signing test IdP on loopback: a SCIM-provisioned member
// signs in and lands in the workspace; SCIM active=false ends the session and SSO refuses them;
// reactivation lets them back in. Each rejection shows its specific message. Enforce SSO.
import { test, expect, type Page } from "@playwright/test";
import { E2E_DNS_PORT } from "../playwright.config";
import { startDnsServer, type TestDnsServer } from "../tests/support/dns-server";
import { startSamlIdp, type TestSamlIdp } from "../tests/support/saml-idp";
import { admin, createWorkspace, screenshot, signIn, uid } from "./support";
import { newPage, provision, ssoSignIn, verifyDomainInUi } from "./sso-support";

let dns: TestDnsServer;
let idp: TestSamlIdp;
// Several full sign-ins per test: give them room on a busy machine.
test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  dns = await startDnsServer(E2E_DNS_PORT);
  idp = await startSamlIdp();
});
test.afterAll(async () => {
  await dns.close();
  await idp.close();
});
test.afterEach(() => {
  idp.fault = "none";
});

/** A workspace whose owner verified a domain and connected the test IdP by its metadata URL. */
async function samlWorkspace(page: Page) {
  const ws = createWorkspace();
  const domain = `${uid("corp")}.test`;
  await signIn(page, ws.email, ws.password);
  await verifyDomainInUi(page, ws.slug, domain, dns);
  await page.goto(`/w/${ws.slug}/settings/sso`);
  await page.getByLabel("IdP metadata URL").fill(idp.metadataUrl);
  await page.getByRole("button", { name: "Save SAML settings" }).click();
  await expect(page.getByRole("status")).toContainText("SAML settings saved from the metadata");
  return { ...ws, domain };
}

test("SP details, metadata URL import and Test SSO showing what the IdP sent", async ({ page }) => {
  const ws = await samlWorkspace(page);
  await expect(page.getByRole("textbox", { name: "SP Entity ID (Identifier / Audience URI)" })).toHaveValue(
    /\/api\/sso\/saml\/.+\/metadata$/,
  );
  await expect(page.getByRole("textbox", { name: "ACS URL (Reply URL / Single sign-on URL)" })).toHaveValue(
    /\/api\/sso\/saml\/.+\/acs$/,
  );
  await expect(page.getByText("NameID format: persistent")).toBeVisible();
  await expect(page.getByLabel("IdP Entity ID (Issuer)")).toHaveValue(idp.entityId);
  const spMetadata = await page.request.get(await page.getByRole("textbox", { name: "SP metadata URL" }).inputValue());
  expect(await spMetadata.text()).toContain("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");

  const email = `tess.${uid()}@${ws.domain}`;
  await provision(ws.slug, email, { givenName: "Tess", familyName: "Tester" });
  idp.users.set(email, { nameId: `nid-${uid()}`, email, firstName: "Tess", lastName: "Tester" });
  await page.getByRole("button", { name: "Test SSO" }).click();
  await page.getByLabel("IdP username").fill(email);
  await page.getByRole("button", { name: "Sign in at IdP" }).click();
  const result = page.getByTestId("sso-test-result");
  await expect(result.getByText("Test SSO succeeded")).toBeVisible();
  await expect(result).toContainText(idp.users.get(email)!.nameId);
  await expect(result).toContainText("by SCIM userName = email");
  await expect(result.getByRole("table")).toContainText("firstName");
  await screenshot(page, "sso-test-result");
});

test("a SCIM member signs in with SAML; active=false ends the session and refuses SSO; reactivation restores it", async ({
  page,
  browser,
}) => {
  const ws = await samlWorkspace(page);
  const email = `pat.${uid()}@${ws.domain}`;
  const member = await provision(ws.slug, email);
  idp.users.set(email, { nameId: `nid-${uid()}`, email, firstName: "Pat", lastName: "Doe" });

  const m = await newPage(browser);
  await ssoSignIn(m, email);
  await expect(m).toHaveURL(new RegExp(`/w/${ws.slug}`));
  await expect(m.getByText("Pat Doe").first()).toBeVisible();
  await screenshot(m, "sso-saml-signed-in");

  await member.setActive(false);
  await m.reload();
  await expect(m).toHaveURL(/\/signin\?error=Suspended/);
  await expect(m.getByRole("main").getByRole("alert")).toContainText("suspended");
  await ssoSignIn(m, email);
  await expect(m).toHaveURL(/\/sso\/error\?code=suspended/);
  await expect(m.getByRole("main").getByRole("alert")).toContainText("Your membership in this workspace is suspended");

  await member.setActive(true);
  await ssoSignIn(m, email);
  await expect(m).toHaveURL(new RegExp(`/w/${ws.slug}`));
  await expect(m.getByText("Pat Doe").first()).toBeVisible();
});

test("rejections: unsigned, wrongly signed, wrong audience, expired, replayed, unverified domain, unknown member", async ({
  page,
  browser,
}) => {
  const ws = await samlWorkspace(page);
  const email = `rex.${uid()}@${ws.domain}`;
  await provision(ws.slug, email);
  idp.users.set(email, { nameId: `nid-${uid()}`, email });
  const m = await newPage(browser);

  const cases = [
    ["unsigned", "signature", "was not signed, or its signature does not match"],
    ["wrong-key", "signature", "was not signed, or its signature does not match"],
    ["wrong-audience", "audience", "audience mismatch"],
    ["expired", "expired", "has expired or is not valid yet"],
  ] as const;
  for (const [fault, code, text] of cases) {
    idp.fault = fault;
    await ssoSignIn(m, email);
    await expect(m).toHaveURL(new RegExp(`/sso/error\\?code=${code}`));
    await expect(m.getByRole("main").getByRole("alert")).toContainText(text);
  }
  await screenshot(m, "sso-saml-rejected-expired");

  idp.fault = "none";
  await ssoSignIn(m, email);
  await expect(m).toHaveURL(new RegExp(`/w/${ws.slug}`));
  await m.goto(`${idp.url}/replay`);
  await expect(m).toHaveURL(/\/sso\/error\?code=replayed/);
  await expect(m.getByRole("main").getByRole("alert")).toContainText("already used");

  await m.goto("/sso");
  await m.getByLabel("Work email").fill(`someone@${uid("elsewhere")}.test`);
  await m.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(m.getByRole("main").getByRole("alert")).toContainText("its domain is not verified");

  const stranger = `stranger.${uid()}@${ws.domain}`;
  idp.users.set(stranger, { nameId: `nid-${uid()}`, email: stranger });
  await ssoSignIn(m, stranger);
  await expect(m).toHaveURL(/\/sso\/error\?code=unknown_member/);
  await expect(m.getByRole("main").getByRole("alert")).toContainText("You are not a member of this workspace yet");
});

test("Enforce SSO lists unmatched members first, then refuses member passwords; the owner keeps break-glass", async ({
  page,
  browser,
}) => {
  const ws = await samlWorkspace(page);
  const password = "member-password-1";
  const memberEmail = `mia.${uid()}@${ws.domain}`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    memberEmail,
    "--password",
    password,
    "--role",
    "member",
    "--name",
    "Mia Member",
  );
  const outsider = `contractor.${uid()}@gmail.test`;
  admin("user", "create", "--workspace", ws.slug, "--email", outsider, "--password", password, "--role", "member");

  await page.reload();
  const unlinked = page.getByTestId("unlinked-members");
  await expect(unlinked).toContainText("2 members have not been matched yet");
  await expect(unlinked.getByRole("listitem").filter({ hasText: outsider })).toContainText("cannot match");
  await expect(unlinked.getByRole("listitem").filter({ hasText: memberEmail })).toContainText("will match by email");
  await page.getByLabel("Enforce SSO").check();
  await page.getByRole("button", { name: "Save sign-in policy" }).click();
  await expect(page.getByRole("status")).toContainText("Members must now sign in with SSO");
  await screenshot(page, "sso-enforce");

  const m = await newPage(browser);
  await m.goto("/signin");
  await m.getByLabel("Email").fill(memberEmail);
  await m.getByLabel("Password").fill(password);
  await m.getByRole("button", { name: "Sign in" }).click();
  await expect(m.getByRole("main").getByRole("alert")).toContainText("requires single sign-on");

  idp.users.set(memberEmail, { nameId: `nid-${uid()}`, email: memberEmail });
  await ssoSignIn(m, memberEmail);
  await expect(m).toHaveURL(new RegExp(`/w/${ws.slug}`));

  const owner = await newPage(browser);
  await signIn(owner, ws.email, ws.password);
  await owner.goto(`/w/${ws.slug}/settings/sso`);
  await expect(owner.getByRole("heading", { name: "Single sign-on" })).toBeVisible();
});
