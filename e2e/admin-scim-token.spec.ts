// The main SCIM flow through the admin UI: generate a token (secret shown once), provision over HTTP
// with it, watch members and the log, suspend via PATCH, revoke the token and see the 401.
import { test, expect } from "@playwright/test";
import { createWorkspace, scimFetch, screenshot, signIn } from "./support";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

test("an owner connects SCIM: token shown once, provisioning shows up, revocation locks the IdP out", async ({
  page,
}) => {
  test.slow(); // the whole connect → provision → revoke journey in one test
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await expect(page.getByRole("heading", { name: "Connect SCIM" })).toBeVisible();
  await expect(page.getByLabel("Base URL", { exact: true })).toHaveValue(/\/scim\/v2$/);

  await page.getByLabel("Label").fill("Entra ID");
  await page.getByLabel("Expires after (days)").fill("90");
  await page.getByRole("button", { name: "Generate token" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy your SCIM token now" });
  await expect(dialog).toBeVisible();
  const secret = await dialog.getByLabel("Secret token").inputValue();
  expect(secret).toMatch(/^scim_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
  const prefix = secret.split("_")[1];
  await expect(dialog.getByRole("button", { name: "Copy token" })).toBeVisible();
  await screenshot(page, "settings-token-dialog"); // the token is revoked at the end of this test
  await dialog.getByRole("button", { name: "I have copied the token" }).click();
  await expect(dialog).toBeHidden();

  // Never shown again: not after closing, not after a reload; only the prefix remains.
  expect(await page.content()).not.toContain(secret);
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  const tokenRow = page.getByRole("row", { name: /Entra ID/ });
  await expect(tokenRow).toContainText(`scim_${prefix}_…`);
  await expect(tokenRow).toContainText("Active");

  // The identity provider provisions a user and a group with that token.
  const user = await scimFetch(secret, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "grace.hopper@example.test",
    externalId: "obj-grace",
    displayName: "Grace Hopper",
    name: { givenName: "Grace", familyName: "Hopper" },
    emails: [{ value: "grace.hopper@example.test", type: "work", primary: true }],
    phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Navy", employeeNumber: "1906" },
    active: true,
  });
  expect(user.status).toBe(201);
  const group = await scimFetch(secret, "POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "Compiler Team",
    members: [{ value: user.json.id }],
  });
  expect(group.status).toBe(201);

  await page.goto(`/w/${ws.slug}/members`);
  const row = page.getByRole("row", { name: /Grace Hopper/ });
  await expect(row).toContainText("Managed by SCIM (Entra ID)");
  await expect(row).toContainText("Active");
  await screenshot(page, "members");

  // Detail: attributes as provisioned, read-only, with groups and the timeline.
  await row.getByRole("link", { name: "Grace Hopper" }).click();
  await expect(page.getByRole("heading", { name: "Grace Hopper", level: 1 })).toBeVisible();
  await expect(page.getByText("+1 555 0100")).toBeVisible();
  await expect(page.getByText("Navy")).toBeVisible();
  await expect(page.getByRole("link", { name: "Compiler Team" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Department: why is this read-only/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Member timeline" })).toContainText("Created by Entra ID");
  await screenshot(page, "member-detail");

  const patched = await scimFetch(secret, "PATCH", `/Users/${user.json.id}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "Replace", path: "active", value: "False" }],
  });
  expect(patched.status).toBe(200);
  await page.goto(`/w/${ws.slug}/members?status=suspended`);
  await expect(page.getByRole("row", { name: /Grace Hopper/ })).toContainText("Suspended");

  await page.goto(`/w/${ws.slug}/groups`);
  const groupRow = page.getByRole("row", { name: /Compiler Team/ });
  await expect(groupRow).toContainText("1");
  await expect(groupRow).toContainText("Managed by SCIM (Entra ID)");
  await groupRow.getByRole("link", { name: "Compiler Team" }).click();
  await expect(page.getByRole("link", { name: "Grace Hopper" })).toBeVisible();

  // Revoke in the UI, with a confirmation; the next SCIM request is refused.
  await page.goto(`/w/${ws.slug}/settings`);
  await page
    .getByRole("row", { name: /Entra ID/ })
    .getByRole("button", { name: "Revoke" })
    .click();
  const confirm = page.getByRole("alertdialog", { name: /Revoke token "Entra ID"/ });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row", { name: /Entra ID/ })).toContainText("Revoked");
  await screenshot(page, "settings");
  const refused = await scimFetch(secret, "GET", "/Users");
  expect(refused.status).toBe(401);

  await page.goto(`/w/${ws.slug}/log`);
  await expect(page.getByRole("row", { name: /POST \/scim\/v2\/Users/ })).toContainText("grace.hopper@example.test");
  await expect(page.getByRole("row", { name: /PATCH/ }).first()).toContainText("200");
  const failure = page.getByRole("row", { name: /401/ });
  await expect(failure).toContainText("revoked");
  await expect(failure).toContainText("Entra ID");
  await screenshot(page, "log");

  await page.getByLabel("Outcome").selectOption("failure");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/outcome=failure/);
  await expect(page.getByRole("row")).toHaveCount(2); // header + the 401
  await failure.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("401");
  await expect(page.getByText("This SCIM token was revoked", { exact: false })).toBeVisible();

  // CSV export of the filtered view.
  const csv = await page.request.get(`/w/${ws.slug}/log/export?outcome=failure`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toContain("time,method,endpoint");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(",401,failure,");

  // The health card counts the failure.
  await page.goto(`/w/${ws.slug}/settings`);
  await expect(page.getByText("Failures (last 24 h)")).toBeVisible();
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, "settings-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/w/${ws.slug}/members`);
  await screenshot(page, "members-mobile-dark");
});

test("a non-Enterprise workspace explains why SCIM is unavailable", async ({ page }) => {
  const ws = createWorkspace({ plan: "pro" });
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await expect(page.getByText("SCIM provisioning is available on the Enterprise plan")).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate token" })).toHaveCount(0);
  await screenshot(page, "settings-pro-plan");
});
