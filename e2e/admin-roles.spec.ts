// Roles and access: members only see their profile, suspended members are locked out (new sign-ins and
// existing sessions), and people in several workspaces get a switcher and can sign out.
import { test, expect } from "@playwright/test";
import { admin, createWorkspace, signIn, uid } from "./support";

test("a member cannot reach settings, members or the log", async ({ page }) => {
  const ws = createWorkspace();
  const email = `${uid("mia")}@example.test`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    email,
    "--password",
    "mia-password-1",
    "--role",
    "member",
    "--name",
    "Mia Member",
  );
  await signIn(page, email, "mia-password-1");
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/profile`));
  await expect(page.getByRole("heading", { name: "Mia Member" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Provisioning log" })).toHaveCount(0);

  for (const section of ["settings", "log", "members", "groups"]) {
    await page.goto(`/w/${ws.slug}/${section}`);
    await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/profile\\?denied=1`));
    await expect(page.getByRole("alert").filter({ hasText: "only for workspace owners and admins" })).toBeVisible();
  }
  expect((await page.request.get(`/w/${ws.slug}/log/export`)).status()).toBe(404);
});

test("a suspended member cannot sign in and their open session stops working", async ({ page, browser }) => {
  const ws = createWorkspace();
  const email = `${uid("sam")}@example.test`;
  const sam = admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    email,
    "--password",
    "sam-password-1",
    "--role",
    "member",
  );

  const samContext = await browser.newContext();
  const samPage = await samContext.newPage();
  await signIn(samPage, email, "sam-password-1");
  await expect(samPage).toHaveURL(new RegExp(`/w/${ws.slug}/profile`));

  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members/${sam.id}`);
  await page.getByRole("button", { name: "Suspend", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Suspend member" }).click();
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(page.getByText("Suspended", { exact: true })).toBeVisible();

  await samPage.reload();
  await expect(samPage).toHaveURL(/\/signin\?error=Suspended/);
  await expect(samPage.getByRole("alert").filter({ hasText: "suspended" })).toBeVisible();
  await samPage.getByLabel("Email").fill(email);
  await samPage.getByLabel("Password").fill("sam-password-1");
  await samPage.getByRole("button", { name: "Sign in" }).click();
  await expect(samPage.getByRole("alert").filter({ hasText: "Your membership is suspended" })).toBeVisible();
  await expect(samPage).toHaveURL(/\/signin/);
  await samContext.close();
});

test("someone in two workspaces switches between them and signs out", async ({ page }) => {
  const a = createWorkspace();
  const b = createWorkspace();
  // An existing account joins another workspace by accepting its invite link while signed in.
  const { inviteUrl } = admin("user", "create", "--workspace", b.slug, "--email", a.email, "--role", "admin");
  await page.goto(`/signin?next=${encodeURIComponent(new URL(inviteUrl).pathname)}`);
  await page.getByLabel("Email").fill(a.email);
  await page.getByLabel("Password").fill(a.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: `Join as ${a.email}` }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${b.slug}`));
  await page.goto(`/w/${a.slug}/members`);
  const switcher = page.getByRole("button", { name: /switch workspace/ });
  await switcher.click();
  await expect(switcher).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Escape");
  await expect(switcher).toHaveAttribute("aria-expanded", "false");
  await expect(switcher).toBeFocused();
  await switcher.press("Enter");
  await page.getByRole("link", { name: new RegExp(`Acme ${b.slug}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${b.slug}/members`));
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto(`/w/${a.slug}/members`);
  await expect(page).toHaveURL(/\/signin/);
});
