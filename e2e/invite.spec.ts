import { test, expect } from "@playwright/test";
import { createWorkspace, signIn, uid } from "./support";

test("an invited person joins through a one-time link and signs in", async ({ page, browser }) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members`);
  const email = `${uid("new")}@example.test`;
  await page.getByRole("button", { name: "Invite members" }).click();
  await page.getByLabel("Email addresses").fill(email);
  await page.getByRole("button", { name: "Create invite links" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toContainText("/invite/");
  const url = (await link.textContent())!.trim();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Invited");

  // The invitee, in a browser of their own.
  const guest = await browser.newContext();
  const p2 = await guest.newPage();
  await p2.goto(url);
  await expect(p2.getByRole("heading", { name: /Join Acme/ })).toBeVisible();
  await p2.getByLabel("Your name").fill("Grace Hopper");
  await p2.getByLabel("Choose a password").fill("grace-password-1");
  await p2.getByLabel("Repeat the password").fill("grace-password-2");
  await p2.getByRole("button", { name: "Create account and join" }).click();
  await expect(p2.getByText("The passwords do not match")).toBeVisible();
  // what was typed stays (the passwords are asked again)
  await expect(p2.getByLabel("Your name")).toHaveValue("Grace Hopper");
  await p2.getByLabel("Choose a password").fill("grace-password-1");
  await p2.getByLabel("Repeat the password").fill("grace-password-1");
  await p2.getByRole("button", { name: "Create account and join" }).click();
  await expect(p2).toHaveURL(/\/signin\?joined=/);
  await expect(p2.getByLabel("Email")).toHaveValue(email);
  await p2.getByLabel("Password").fill("grace-password-1");
  await p2.getByRole("button", { name: "Sign in" }).click();
  await expect(p2).toHaveURL(new RegExp(`/w/${ws.slug}/profile`));

  // The link worked once.
  await p2.goto(url);
  await expect(p2.getByRole("heading", { name: "This invite link does not work" })).toBeVisible();
  await guest.close();

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Active");
});
