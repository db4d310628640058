// Tenant isolation: an admin of workspace A sees nothing of workspace B by URL, and A's server actions
// invoked with B's ids (a tampered hidden field) change nothing in B.
import { test, expect, type Page } from "@playwright/test";
import { E2E_URL } from "../playwright.config";
import { query } from "./security-support";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";

/** Opens the confirmation dialog of `trigger` on a member page and rewrites one hidden field. */
async function tamperAndConfirm(page: Page, trigger: string, confirm: string, field: string, value: string) {
  await page.getByRole("button", { name: trigger, exact: true }).click();
  const dialog = page.locator("[role=dialog], [role=alertdialog]");
  await dialog
    .locator(`input[type=hidden][name=${field}]`)
    .evaluate((el, v) => ((el as HTMLInputElement).value = v), value);
  await dialog.getByRole("button", { name: confirm }).click();
  return dialog;
}

test("an admin of workspace A cannot see or change workspace B", async ({ page, browser }) => {
  test.slow(); // two workspaces, several CLI calls and ten page loads
  const a = createWorkspace();
  const b = createWorkspace();
  const bMember = admin(
    "user",
    "create",
    "--workspace",
    b.slug,
    "--email",
    `${uid("bob")}@example.test`,
    "--password",
    "bob-password-1",
    "--role",
    "member",
  );
  const aMember = admin(
    "user",
    "create",
    "--workspace",
    a.slug,
    "--email",
    `${uid("amy")}@example.test`,
    "--password",
    "amy-password-1",
    "--role",
    "member",
  );
  const bToken = admin("token", "create", "--workspace", b.slug, "--label", "B IdP").token as string;
  const bGroup = await scimFetch(bToken, "POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "B Group",
  });
  expect(bGroup.status).toBe(201);
  // B's provisioning event for that request (the log is written in batches, every 50 ms: poll for it).
  // A real event id of B, so the 404 below comes from the workspace check and not from an unknown id.
  let bEvent = "";
  await expect
    .poll(
      async () => {
        const [row] = await query(
          `SELECT e."id" FROM "ProvisioningEvent" e JOIN "Workspace" w ON w."id" = e."workspaceId" WHERE w."slug" = ?`,
          b.slug,
        );
        bEvent = (row?.id as string | undefined) ?? "";
        return bEvent;
      },
      { timeout: 10_000 },
    )
    .not.toBe("");

  await signIn(page, a.email, a.password);
  for (const path of [
    `/w/${b.slug}`,
    `/w/${b.slug}/members`,
    `/w/${b.slug}/settings`,
    `/w/${b.slug}/log`,
    `/w/${b.slug}/groups`,
    `/w/${b.slug}/members/${bMember.id}`,
    `/w/${b.slug}/profile`,
    `/w/${a.slug}/members/${bMember.id}`,
    `/w/${a.slug}/groups/${bGroup.json.id}`,
    `/w/${a.slug}/log/${bEvent}`,
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByText(bMember.userName)).toHaveCount(0);
  }
  const exported = await page.request.get(`/w/${b.slug}/log/export`);
  expect(exported.status()).toBe(404);
  // the same event page is there for B's own owner (so the 404s above were isolation, not a bad id)
  const bOwner = await browser.newContext({ baseURL: E2E_URL });
  const bPage = await bOwner.newPage();
  await signIn(bPage, b.email, b.password);
  expect((await bPage.goto(`/w/${b.slug}/log/${bEvent}`))?.status()).toBe(200);
  await bOwner.close();

  // Server actions on A's pages, with B's member id swapped into the hidden field.
  await page.goto(`/w/${a.slug}/members/${aMember.id}`);
  let dialog = await tamperAndConfirm(page, "Suspend", "Suspend member", "memberId", bMember.id);
  await expect(dialog.getByRole("alert")).toContainText("No such member in this workspace");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  dialog = await tamperAndConfirm(page, "Remove", "Remove member", "memberId", bMember.id);
  await expect(dialog.getByRole("alert")).toContainText("No such member in this workspace");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // ...and with B's slug as well: A's admin is not an admin of B.
  await page.getByRole("button", { name: "Change role", exact: true }).click();
  dialog = page.locator("[role=dialog], [role=alertdialog]");
  await dialog.locator("input[name=slug]").evaluate((el, v) => ((el as HTMLInputElement).value = v), b.slug);
  await dialog.locator("input[name=memberId]").evaluate((el, v) => ((el as HTMLInputElement).value = v), bMember.id);
  await dialog.getByLabel("Role").selectOption("admin");
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(dialog.getByRole("alert")).toContainText("not allowed");

  // B's member is untouched: still there, still active, still a member, and can still sign in.
  const after = await scimFetch(bToken, "GET", `/Users/${bMember.id}`);
  expect(after.status).toBe(200);
  expect(after.json.active).toBe(true);
  // A's own member was not changed by the tampered forms either.
  await page.goto(`/w/${a.slug}/members/${aMember.id}`);
  await expect(page.getByText("Active", { exact: true })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, b.email, b.password);
  await page.goto(`/w/${b.slug}/members`);
  const row = page.getByRole("row", { name: new RegExp(bMember.userName) });
  await expect(row).toContainText("Member");
  await expect(row).toContainText("Active");
});
