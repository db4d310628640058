// The tenant boundary for identities, attacked the way a workspace admin would in a browser (README
// "Accounts and workspaces"): an invite link cannot give them someone else's account, their own SSO IdP
// cannot sign in another workspace's owner, and a SCIM token an admin generates cannot demote an owner.
import { test, expect } from "@playwright/test";
import { E2E_DNS_PORT } from "../playwright.config";
import { startDnsServer, type TestDnsServer } from "../tests/support/dns-server";
import { startSamlIdp, type TestSamlIdp } from "../tests/support/saml-idp";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";
import { newPage, ssoSignIn, verifyDomainInUi } from "./sso-support";

let dns: TestDnsServer;
let idp: TestSamlIdp;
test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  dns = await startDnsServer(E2E_DNS_PORT);
  idp = await startSamlIdp();
});
test.afterAll(async () => {
  await dns.close();
  await idp.close();
});

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** Invites `email` from the members page and returns the one-time link shown. */
async function inviteInUi(page: import("@playwright/test").Page, slug: string, email: string) {
  await page.goto(`/w/${slug}/members`);
  await page.getByRole("button", { name: "Invite members" }).click();
  await page.getByLabel("Email addresses").fill(email);
  await page.getByRole("button", { name: "Create invite links" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toContainText("/invite/");
  const url = (await link.textContent())!.trim();
  await page.getByRole("button", { name: "Done" }).click();
  return url;
}

test("attack 1: an admin's own invite link cannot set the password of, or open, another workspace's member", async ({
  page,
  browser,
}) => {
  const b = createWorkspace();
  const x = createWorkspace();
  // B's people: one who already has an account (a password), one only invited so far.
  const member = `bea.${uid()}@b-${uid()}.test`;
  admin("user", "create", "--workspace", b.slug, "--email", member, "--password", "bea-password-1", "--role", "member");
  const invitee = `ivy.${uid()}@b-${uid()}.test`;
  const bInvite = admin("user", "create", "--workspace", b.slug, "--email", invitee, "--role", "admin");
  expect(bInvite).toMatchObject({ status: "invited", inviteUrl: expect.stringContaining("/invite/") });

  await signIn(page, x.email, x.password);
  // Inviting answers the same for an email with an account and one without: a link, status Invited.
  const linkForMember = await inviteInUi(page, x.slug, member);
  await expect(page.getByRole("row").filter({ hasText: member })).toContainText("Invited");
  const linkForInvitee = await inviteInUi(page, x.slug, invitee);
  await expect(page.getByRole("row").filter({ hasText: invitee })).toContainText("Invited");

  // X's owner opens their own link for B's member and tries to choose a password: refused.
  const attacker = await newPage(browser);
  await attacker.goto(linkForMember);
  await expect(attacker.getByRole("link", { name: "Sign in to accept" })).toBeVisible();
  await attacker.getByLabel("Choose a password").fill("attacker-password-1");
  await attacker.getByLabel("Repeat the password").fill("attacker-password-1");
  await attacker.getByRole("button", { name: "Create account and join" }).click();
  await expect(attacker.getByRole("alert").filter({ hasText: "already has an account" })).toBeVisible();
  await attacker.goto("/signin");
  await attacker.getByLabel("Email").fill(member);
  await attacker.getByLabel("Password").fill("attacker-password-1");
  await attacker.getByRole("button", { name: "Sign in" }).click();
  await expect(attacker.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();

  // The link for B's invitee makes a new account, which is X's member only: B stays closed to it.
  await attacker.goto(linkForInvitee);
  await attacker.getByLabel("Choose a password").fill("attacker-password-1");
  await attacker.getByLabel("Repeat the password").fill("attacker-password-1");
  await attacker.getByRole("button", { name: "Create account and join" }).click();
  await expect(attacker).toHaveURL(/\/signin\?joined=/);
  await attacker.getByLabel("Password").fill("attacker-password-1");
  await attacker.getByRole("button", { name: "Sign in" }).click();
  await expect(attacker).toHaveURL(new RegExp(`/w/${x.slug}/`));
  for (const path of [`/w/${b.slug}/members`, `/w/${b.slug}/settings`, `/w/${b.slug}/profile`]) {
    expect((await attacker.goto(path))!.status(), path).toBe(404);
  }

  // B's real member still signs in with their own password and opens B.
  const real = await newPage(browser);
  await signIn(real, member, "bea-password-1");
  await expect(real).toHaveURL(new RegExp(`/w/${b.slug}/`));
  expect((await page.goto(`/w/${b.slug}/members`))!.status()).toBe(404);
});

test("attack 2: an IdP configured by one workspace cannot sign in another workspace's owner", async ({
  page,
  browser,
}) => {
  const b = createWorkspace();
  const x = createWorkspace();
  const domain = `${uid("x")}.test`;
  await signIn(page, x.email, x.password);
  await verifyDomainInUi(page, x.slug, domain, dns);
  await page.goto(`/w/${x.slug}/settings/sso`);
  await page.getByLabel("IdP metadata URL").fill(idp.metadataUrl);
  await page.getByRole("button", { name: "Save SAML settings" }).click();
  await expect(page.getByRole("status")).toContainText("SAML settings saved from the metadata");

  // X's IdP, asked for someone on X's domain, asserts B's owner's email instead.
  const mallory = `mallory.${uid()}@${domain}`;
  idp.users.set(mallory, { nameId: `nid-${uid()}`, email: b.email });
  const attacker = await newPage(browser);
  await ssoSignIn(attacker, mallory);
  await expect(attacker).toHaveURL(/\/sso\/error\?code=domain_not_verified/);
  await expect(
    attacker.getByText("can only sign in email addresses on the workspace's verified domains"),
  ).toBeVisible();
  await attacker.goto(`/w/${b.slug}/settings`);
  await expect(attacker).toHaveURL(/\/signin/);
  await attacker.goto(`/w/${x.slug}/members`);
  await expect(attacker).toHaveURL(/\/signin/);
});

test("attack 4: a SCIM token an admin generates cannot demote, suspend or remove the owner", async ({ page }) => {
  const ws = createWorkspace();
  const adminEmail = `ada.${uid()}@example.test`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    adminEmail,
    "--password",
    "ada-password-1",
    "--role",
    "admin",
  );
  await signIn(page, adminEmail, "ada-password-1");
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByLabel("Label").fill("Admin's token");
  await page.getByRole("button", { name: "Generate token" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy your SCIM token now" });
  const secret = await dialog.getByLabel("Secret token").inputValue();
  await dialog.getByRole("button", { name: "I have copied the token" }).click();

  const found = await scimFetch(secret, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${ws.email}"`)}`);
  const ownerId = found.json.Resources[0].id as string;
  const demote = await scimFetch(secret, "PATCH", `/Users/${ownerId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "userType", value: "User" }],
  });
  expect(demote.status).toBe(200);
  const suspend = await scimFetch(secret, "PATCH", `/Users/${ownerId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "active", value: false }],
  });
  expect(suspend.status).toBe(403);
  expect((await scimFetch(secret, "DELETE", `/Users/${ownerId}`)).status).toBe(403);

  await page.goto(`/w/${ws.slug}/members?q=${encodeURIComponent(ws.email)}`);
  const row = page.getByRole("row").filter({ hasText: ws.email });
  await expect(row).toContainText("Owner");
  await expect(row).toContainText("Active");
  // The provisioning log says why the role did not change.
  await page.goto(`/w/${ws.slug}/members/${ownerId}`);
  await expect(page.getByText(/owners are managed in the app/).first()).toBeVisible();
});
