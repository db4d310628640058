// Issue 14 in the browser: the audit log (entries, filter, CSV, admins only), the member timeline in words,
// the profile's name and password change (other sessions end, this one goes on), the first-run checklist
// with its live SCIM state, and revoked tokens (when, by whom, removed from the list; the log keeps the label).
import { test, expect, type Page } from "@playwright/test";
import { admin, createWorkspace, scimFetch, screenshot, signIn, uid } from "./support";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function noHorizontalScroll(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(inner);
}

test("audit log: admin actions with actor and target, filters, CSV; members refused; member timeline in words", async ({
  page,
  browser,
}) => {
  test.slow();
  const ws = createWorkspace();
  const mia = admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    `${uid("mia")}@example.test`,
    "--password",
    "orchid lantern basalt 12",
    "--role",
    "member",
    "--name",
    "Mia Member",
  );
  const token = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID").token as string;
  const created = await scimFetch(token, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: `${uid("tia")}@example.test`,
    displayName: "Tia Lane",
    name: { givenName: "Tia", familyName: "Lane" },
    title: "Engineer",
    active: true,
  });
  expect(created.status).toBe(201);
  const tia = created.json.id as string;
  expect(
    (
      await scimFetch(token, "PATCH", `/Users/${tia}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: "replace", path: "name.familyName", value: "Long" },
          { op: "replace", path: "title", value: "Lead" },
        ],
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await scimFetch(token, "PATCH", `/Users/${tia}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "active", value: false }],
      })
    ).status,
  ).toBe(200);

  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members/${mia.id}`);
  await page.getByRole("button", { name: "Change role" }).click();
  const roleDialog = page.getByRole("dialog", { name: /Change the role/ });
  await roleDialog.getByLabel("Role").selectOption("admin");
  await roleDialog.getByRole("button", { name: "Change role" }).click();
  await expect(roleDialog).toBeHidden();
  await page.getByRole("button", { name: "Suspend", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Suspend member" }).click();
  await expect(page.getByRole("button", { name: "Reactivate" })).toBeVisible();
  // the member timeline shows the admin actions
  const timeline = page.getByRole("list", { name: "Member timeline" });
  await expect(timeline).toContainText("Member suspended by Olivia Owner");
  await expect(timeline).toContainText("Role changed by Olivia Owner");

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const entries = page.getByRole("list", { name: "Audit entries" });
  await expect(entries.getByRole("listitem").filter({ hasText: "Role changed" })).toContainText("Olivia Owner");
  await expect(entries.getByRole("listitem").filter({ hasText: "Role changed" })).toContainText("member → admin");
  await expect(
    entries.getByRole("listitem").filter({ hasText: "Role changed" }).getByRole("link", { name: "Mia Member" }),
  ).toHaveAttribute("href", `/w/${ws.slug}/members/${mia.id}`);
  await expect(entries.getByRole("listitem").filter({ hasText: "SCIM token created" })).toContainText("operator (CLI)");
  await screenshot(page, "audit-log");

  // filters: action, then actor text
  await page.getByLabel("Action").selectOption("member.suspended");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=member\.suspended/);
  await expect(page.getByText("1 entry", { exact: true })).toBeVisible();
  await expect(entries.getByRole("listitem")).toHaveCount(1);
  await page.goto(`/w/${ws.slug}/audit?actor=operator`);
  await expect(entries.getByRole("listitem")).toHaveCount(1);
  await expect(entries).toContainText("SCIM token created");

  const csv = await page.request.get(`/w/${ws.slug}/audit/export`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toContain("audit-log-");
  const text = await csv.text();
  expect(text).toContain("member.role_changed");
  expect(text).toContain("Mia Member");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/w/${ws.slug}/audit`);
  await noHorizontalScroll(page);
  await page.setViewportSize({ width: 1440, height: 900 });

  // the SCIM member's timeline names the identity provider's changes
  await page.goto(`/w/${ws.slug}/members/${tia}`);
  const tl = page.getByRole("list", { name: "Member timeline" });
  await expect(tl).toContainText("Created by Entra ID");
  await expect(tl).toContainText("Changed name.familyName, title");
  await expect(tl).toContainText("Deactivated by Entra ID");
  await screenshot(page, "member-timeline");

  // a plain member: no nav entry, the page sends them away, the export is a 404
  const bob = admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    `${uid("bob")}@example.test`,
    "--password",
    "walnut cipher meadow 45",
    "--role",
    "member",
  );
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await signIn(other, bob.userName, "walnut cipher meadow 45");
  await other.goto(`/w/${ws.slug}/profile`);
  await expect(
    other.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Audit log" }),
  ).toHaveCount(0);
  await other.goto(`/w/${ws.slug}/audit`);
  await expect(other).toHaveURL(new RegExp(`/w/${ws.slug}/profile\\?denied=1`));
  expect((await other.request.get(`/w/${ws.slug}/audit/export`)).status()).toBe(404);
  expect((await other.request.get(`/w/${ws.slug}/setup-status`)).status()).toBe(404);
  await ctx.close();
});

test("profile: change name and password; the other session ends, this one goes on", async ({ page, browser }) => {
  const ws = createWorkspace();
  const email = `${uid("pat")}@example.test`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    email,
    "--password",
    "copper willow tide 83",
    "--role",
    "member",
    "--name",
    "Pat Old",
  );
  const otherCtx = await browser.newContext();
  const other = await otherCtx.newPage();
  await signIn(other, email, "copper willow tide 83");
  await signIn(page, email, "copper willow tide 83");
  await page.goto(`/w/${ws.slug}/profile`);

  const name = page.getByLabel("Name", { exact: true });
  await expect(name).toHaveValue("Pat Old");
  await name.fill("Pat Newname");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Name saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Pat Newname" })).toBeVisible();

  // wrong current password: refused, and what was typed stays
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password", { exact: true }).fill("harbor saffron quill 64");
  await page.getByLabel("Confirm new password").fill("harbor saffron quill 64");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password")).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toHaveValue("harbor saffron quill 64");
  // a weak new password: refused by the zxcvbn rule
  await page.getByLabel("Current password").fill("copper willow tide 83");
  await page.getByLabel("New password", { exact: true }).fill("password123");
  await page.getByLabel("Confirm new password").fill("password123");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText(/too easy to guess|at least 8/)).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill("harbor saffron quill 64");
  await page.getByLabel("Confirm new password").fill("harbor saffron quill 64");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. You were signed out everywhere else.")).toBeVisible();
  await screenshot(page, "profile-password-changed");
  await page.setViewportSize({ width: 390, height: 844 });
  await noHorizontalScroll(page);
  await page.setViewportSize({ width: 1440, height: 900 });

  // this browser is still signed in; the other one is not
  await page.reload();
  await expect(page.getByRole("heading", { name: "Pat Newname" })).toBeVisible();
  await other.goto(`/w/${ws.slug}/profile`);
  await expect(other).toHaveURL(/\/signin/);
  await otherCtx.close();
  // the new password signs in, the old one does not
  const fresh = await browser.newContext();
  const p3 = await fresh.newPage();
  await p3.goto("/signin");
  await p3.getByLabel("Email").fill(email);
  await p3.getByLabel("Password").fill("copper willow tide 83");
  await p3.getByRole("button", { name: "Sign in" }).click();
  await expect(p3).toHaveURL(/\/signin/);
  await signIn(p3, email, "harbor saffron quill 64");
  await fresh.close();
});

test("first run: the checklist waits for the identity provider live; revoked tokens show who revoked them and can be removed", async ({
  page,
}) => {
  test.slow();
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members`);
  const checklist = page.getByRole("region", { name: "Set up your workspace" });
  await expect(checklist).toContainText("0 of 3 done");
  await expect(checklist.getByRole("link", { name: /Generate a token/ })).toBeVisible();
  await screenshot(page, "first-run-checklist");

  const token = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID").token as string;
  await page.reload();
  await expect(checklist.getByRole("status")).toContainText("Waiting for the identity provider’s first request");
  // Entra's Test Connection: a filtered GET. The page notices by itself (polling) and ticks the item.
  expect(
    (await scimFetch(token, "GET", `/Users?filter=${encodeURIComponent('userName eq "nobody@example.test"')}`)).status,
  ).toBe(200);
  await expect(checklist).toContainText("Your identity provider’s requests are arriving.", { timeout: 20_000 });
  await expect(checklist).toContainText("1 of 3 done");
  await page.setViewportSize({ width: 390, height: 844 });
  await noHorizontalScroll(page);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Connect SCIM: the e2e server's Base URL is http://127.0.0.1 — Entra could not reach it
  await page.goto(`/w/${ws.slug}/settings`);
  await expect(
    page.getByRole("note").filter({ hasText: "Entra ID and Okta cannot reach this Base URL" }),
  ).toContainText("127.0.0.1 is this machine");
  await page.getByRole("tab", { name: "Microsoft Entra ID" }).click(); // the setup guide's Entra tab (open by default)
  await expect(page.getByRole("button", { name: "Copy expression" })).toBeVisible();

  // revoke, then remove from the list; the provisioning log keeps the label
  const row = page.getByRole("row", { name: /Entra ID/ });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row).toContainText("by Olivia Owner");
  await screenshot(page, "token-revoked");
  await row.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove from list" }).click();
  await expect(page.getByRole("row", { name: /Entra ID/ })).toHaveCount(0);
  await page.goto(`/w/${ws.slug}/log`);
  await expect(page.getByRole("row", { name: /GET/ }).first()).toContainText("Entra ID");
  await page.goto(`/w/${ws.slug}/audit`);
  const entries = page.getByRole("list", { name: "Audit entries" });
  await expect(entries).toContainText("SCIM token removed from the list");
  await expect(entries).toContainText("SCIM token revoked");
});
