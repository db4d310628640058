// Issue 14's last pieces: sortable tables in natural order (with aria-sort), a toast after a successful
// action, and the closing note's screenshots (members, Connect SCIM, the log and SSO at 1440 and 390 px,
// saved under test-results/screenshots/closing-*; the README's copies are in docs/screenshots).
import { test, expect, type Page } from "@playwright/test";
import { startSamlIdp, type TestSamlIdp } from "../tests/support/saml-idp";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** The row index of the member or group named `name` in the table. */
async function rowOf(page: Page, table: string, name: string) {
  const names = await page.getByRole("table", { name: table }).getByRole("rowheader").allInnerTexts();
  return names.findIndex((n) => n.split("\n")[0].trim() === name);
}

test("members and groups sort by name in natural order, and the header says so", async ({ page }) => {
  const ws = createWorkspace();
  const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  // user names in the opposite order, so the default (user name) order differs from the name order
  for (const [name, userName] of [
    ["User 10", "a"],
    ["User 2", "b"],
    ["User 1", "c"],
  ]) {
    expect(
      (
        await scimFetch(token, "POST", "/Users", {
          schemas: [USER],
          userName: `${userName}.${uid()}@example.test`,
          displayName: name,
        })
      ).status,
    ).toBe(201);
  }
  for (const name of ["Team 10", "Team 2"])
    expect((await scimFetch(token, "POST", "/Groups", { schemas: [GROUP], displayName: name })).status).toBe(201);
  await signIn(page, ws.email, ws.password);

  await page.goto(`/w/${ws.slug}/members`);
  const table = "Workspace members";
  const nameHeader = page.getByRole("columnheader", { name: "Name", exact: true });
  await expect(nameHeader).toHaveAttribute("aria-sort", "none");
  await expect(page.getByRole("columnheader", { name: "Email / user name" })).toHaveAttribute("aria-sort", "ascending");
  expect(await rowOf(page, table, "User 10")).toBeLessThan(await rowOf(page, table, "User 2"));

  await nameHeader.getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=name&dir=asc/);
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  expect(await rowOf(page, table, "User 1")).toBeLessThan(await rowOf(page, table, "User 2"));
  expect(await rowOf(page, table, "User 2")).toBeLessThan(await rowOf(page, table, "User 10"));

  await nameHeader.getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=name&dir=desc/);
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  expect(await rowOf(page, table, "User 10")).toBeLessThan(await rowOf(page, table, "User 2"));

  await page.goto(`/w/${ws.slug}/groups`);
  await expect(page.getByRole("columnheader", { name: "Name", exact: true })).toHaveAttribute("aria-sort", "ascending");
  expect(await rowOf(page, "Groups", "Team 2")).toBeLessThan(await rowOf(page, "Groups", "Team 10"));
});

test("a successful action shows a toast with its message (the confirm dialog that ran it has closed)", async ({
  page,
}) => {
  const ws = createWorkspace();
  admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await page
    .getByRole("row", { name: /Entra ID/ })
    .getByRole("button", { name: "Revoke" })
    .click();
  const confirm = page.getByRole("alertdialog", { name: /Revoke token "Entra ID"/ });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.locator("[data-sonner-toast]")).toContainText("Token revoked.");
});

test.describe("closing-note screenshots", () => {
  let idp: TestSamlIdp;
  test.beforeAll(async () => {
    idp = await startSamlIdp();
  });
  test.afterAll(async () => {
    await idp.close();
  });

  test("members, Connect SCIM, the log and SSO at 1440 and 390 px", async ({ page }) => {
    test.slow();
    const ws = createWorkspace();
    const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
    const people = [
      "Ada Lovelace",
      "Grace Hopper",
      "Alan Turing",
      "Katherine Johnson",
      "Edsger Dijkstra",
      "Barbara Liskov",
      "User 2",
      "User 10",
    ];
    for (const [i, name] of people.entries()) {
      const [givenName, familyName] = name.split(" ");
      const r = await scimFetch(token, "POST", "/Users", {
        schemas: [USER],
        userName: `${givenName.toLowerCase()}.${familyName.toLowerCase()}@elsewhere.test`,
        displayName: name,
        name: { givenName, familyName },
        title: i % 2 ? "Engineer" : "Manager",
        active: i !== 3,
      });
      expect(r.status).toBe(201);
    }
    expect((await scimFetch(token, "POST", "/Groups", { schemas: [GROUP], displayName: "Engineering" })).status).toBe(
      201,
    );
    expect((await scimFetch(token, "GET", "/Users/does-not-exist")).status).toBe(404);
    await signIn(page, ws.email, ws.password);
    await page.goto(`/w/${ws.slug}/settings/sso`);
    await page.getByLabel("IdP metadata URL").fill(idp.metadataUrl);
    await page.getByRole("button", { name: "Save SAML settings" }).click();
    await expect(page.getByRole("status").first()).toBeVisible();

    const shots: [string, string][] = [
      ["members-list", `/w/${ws.slug}/members`],
      ["connect-scim", `/w/${ws.slug}/settings`],
      ["provisioning-log", `/w/${ws.slug}/log`],
      ["sso", `/w/${ws.slug}/settings/sso`],
    ];
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const [name, path] of shots) {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: `test-results/screenshots/closing-${name}-${width}.png`, fullPage: true });
      }
    }
  });
});
