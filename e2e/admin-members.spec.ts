// Manual member management: invite, change role, suspend/reactivate and remove (each confirmed), the
// last owner protected, filters and search, all reachable by keyboard.
import { test, expect } from "@playwright/test";
import { admin, createWorkspace, signIn, uid } from "./support";

test("invite, change role, suspend, reactivate and remove a member, by keyboard", async ({ page }) => {
  const ws = createWorkspace();
  const email = `${uid("ivy")}@example.test`;
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members`);

  // The skip link is the first stop.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

  // Enter opens the invite dialog with focus inside it; Escape closes it and focus returns.
  const invite = page.getByRole("button", { name: "Invite members" });
  await invite.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Invite members" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Email addresses")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(invite).toBeFocused();

  // Space reopens it; fill it in and submit with the keyboard only.
  await page.keyboard.press(" ");
  await expect(dialog).toBeVisible();
  await page.keyboard.type("not-an-email");
  await page.keyboard.press("Tab"); // name
  await page.keyboard.press("Tab"); // role
  await page.keyboard.press("Tab"); // cancel
  await page.keyboard.press("Tab"); // create links
  await expect(dialog.getByRole("button", { name: "Create invite links" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog.getByText("Not a valid email address: not-an-email")).toBeVisible();
  await dialog.getByLabel("Email addresses").fill(email);
  await dialog.getByLabel("Email addresses").press("Tab");
  await page.keyboard.type("Ivy Invitee");
  await dialog.getByRole("button", { name: "Create invite links" }).press("Enter");
  // nothing is emailed: the dialog shows the one-time link to copy, and closes with Done
  const links = page.getByRole("dialog", { name: "Copy the invite links" });
  await expect(links.getByTestId("invite-link")).toContainText("/invite/");
  await links.getByRole("button", { name: "Done" }).press("Enter");
  await expect(links).toBeHidden();

  const row = page.getByRole("row", { name: /Ivy Invitee/ });
  await expect(row).toContainText("Invited");
  await expect(row).toContainText("Manual");
  await expect(page.getByRole("listitem").filter({ hasText: "Seats in use" })).toContainText("2");

  // Filters and search.
  await page.getByLabel("Search").fill("ivy");
  await page.getByLabel("Status").selectOption("invited");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=ivy/);
  await expect(page.getByText("1 of 2 members match")).toBeVisible();
  await page.getByLabel("Role").selectOption("owner");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No members match these filters.")).toBeVisible();
  await page.getByRole("link", { name: "Clear" }).click();

  await page.getByRole("link", { name: "Ivy Invitee" }).click();
  await expect(page.getByRole("heading", { name: "Ivy Invitee", level: 1 })).toBeVisible();

  // Change role: confirm in a dialog.
  await page.getByRole("button", { name: "Change role", exact: true }).click();
  const roleDialog = page.getByRole("dialog", { name: /Change the role of Ivy Invitee/ });
  await roleDialog.getByLabel("Role").selectOption("admin");
  await roleDialog.getByRole("button", { name: "Change role" }).click();
  await expect(roleDialog).toBeHidden();
  await expect(page.getByText("Admin", { exact: true })).toBeVisible();

  // Cancelling a suspension changes nothing.
  await page.getByRole("button", { name: "Suspend", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(page.getByText("Invited", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Suspend", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Suspend member" }).click();
  await expect(page.getByText("Suspended", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Reactivate", exact: true }).click();
  await page
    .getByRole("dialog", { name: /Reactivate/ })
    .getByRole("button", { name: "Reactivate" })
    .click();
  await expect(page.getByText("Invited", { exact: true })).toBeVisible(); // no password yet: back to invited

  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await page
    .getByRole("alertdialog", { name: /Remove Ivy Invitee/ })
    .getByRole("button", { name: "Remove member" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/members\\?removed=`));
  await expect(page.getByRole("status").filter({ hasText: `Removed ${email}` })).toBeVisible();
  await expect(page.getByRole("row", { name: /Ivy Invitee/ })).toHaveCount(0);
});

test("the last owner cannot be demoted, suspended or removed", async ({ page }) => {
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/members`);
  await page.getByRole("link", { name: "Olivia Owner" }).click();

  await page.getByRole("button", { name: "Change role", exact: true }).click();
  let dialog = page.locator("[role=dialog], [role=alertdialog]");
  await dialog.getByLabel("Role").selectOption("member");
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(dialog.getByRole("alert")).toContainText("You cannot demote the last owner");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  await page.getByRole("button", { name: "Suspend", exact: true }).click();
  dialog = page.locator("[role=dialog], [role=alertdialog]");
  await dialog.getByRole("button", { name: "Suspend member" }).click();
  await expect(dialog.getByRole("alert")).toContainText("You cannot suspend the last owner");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("button", { name: "Remove", exact: true }).click();
  dialog = page.locator("[role=dialog], [role=alertdialog]");
  await dialog.getByRole("button", { name: "Remove member" }).click();
  await expect(dialog.getByRole("alert")).toContainText("You cannot remove the last owner");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.reload();
  await expect(page.getByText("Owner", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Active", { exact: true })).toBeVisible();

  // An admin cannot touch owners at all.
  const adminEmail = `${uid("ada")}@example.test`;
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
  await page.context().clearCookies();
  await signIn(page, adminEmail, "ada-password-1");
  await page.goto(`/w/${ws.slug}/members`);
  await page.getByRole("link", { name: "Olivia Owner" }).click();
  await expect(page.getByText("Only owners can change an owner.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove", exact: true })).toHaveCount(0);
});
