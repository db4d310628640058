import { test, expect } from "@playwright/test";
import { createWorkspace, signIn, admin, scimFetch } from "./support";

test("health reports a reachable database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect((await res.json()).database.reachable).toBe(true);
});

test("an owner signs in and lands in their workspace", async ({ page }) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}`));
});

test("wrong password is refused with a message", async ({ page }) => {
  const ws = createWorkspace();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ws.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
});

test("a CLI token provisions over HTTP against next start", async () => {
  const ws = createWorkspace();
  const { token, baseUrl } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  expect(baseUrl).toMatch(/\/scim\/v2$/);
  const created = await scimFetch(token, "POST", "/Users", { userName: "e2e.user@example.test", active: true });
  expect(created.status).toBe(201);
  const found = await scimFetch(
    token,
    "GET",
    `/users?filter=${encodeURIComponent('userName eq "E2E.USER@example.test"')}`,
  );
  expect(found.json.totalResults).toBe(1);
});
