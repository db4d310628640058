// Issue 16 part 1 in the browser: the mass-deprovisioning guardrail. SCIM deactivations beyond the budget
// are held; owners see the banner on every admin page and the review page (1440 and 390 px, no horizontal
// scroll), approve or discard in the app's dialog; admins see neither the banner nor the page.
import { test, expect, type Page } from "@playwright/test";
import { admin, createWorkspace, scimFetch, screenshot, signIn, uid } from "./support";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const deactivate = { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] };

async function noHorizontalScroll(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(inner);
}

/** A GET first: after the admin CLI's seconds of silence the server may have closed fetch's idle keep-alive
 * connection just as it is reused ("other side closed"); a GET may simply be sent again, a Bulk POST not. */
async function freshConnection(token: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await scimFetch(token, "GET", "/ServiceProviderConfig");
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

/** 14 SCIM users (+ the owner = 15 active: budget 10); 12 deactivated and one deleted → 3 held. */
async function provisionAndUnassign(token: string) {
  await freshConnection(token);
  const ops = Array.from({ length: 14 }, (_, i) => ({
    method: "POST",
    path: "/Users",
    bulkId: `u${i}`,
    data: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `${uid(`p${i}`)}@example.test`,
      displayName: `Person ${String(i).padStart(2, "0")} ${uid()}`,
      active: true,
    },
  }));
  const res = await scimFetch(token, "POST", "/Bulk", {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    Operations: ops,
  });
  expect(res.status).toBe(200);
  const ids = (res.json.Operations as { location: string }[]).map((o) => o.location.split("/").pop()!);
  for (const id of ids.slice(0, 12))
    expect((await scimFetch(token, "PATCH", `/Users/${id}`, deactivate)).status).toBe(200);
  expect((await scimFetch(token, "DELETE", `/Users/${ids[12]}`)).status).toBe(204);
  return ids;
}

for (const width of [1440, 390]) {
  test(`guardrail at ${width} px: banner, review page, approve; then discard`, async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width, height: 900 });
    const ws = createWorkspace();
    const token = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID").token as string;
    const ids = await provisionAndUnassign(token);
    await signIn(page, ws.email, ws.password);
    await page.goto(`/w/${ws.slug}/members`);
    const banner = page.getByRole("status").filter({ hasText: "held by the deprovisioning guardrail" });
    await expect(banner).toContainText("3 suspensions or removals are held");
    await noHorizontalScroll(page);
    await page.goto(`/w/${ws.slug}/log`);
    await expect(banner).toBeVisible(); // every admin page
    await expect(page.getByText("held by the guardrail").first()).toBeVisible(); // the provisioning log says so
    await banner.getByRole("link", { name: "Review held changes" }).click();
    await expect(page.getByRole("heading", { name: "Held deprovisioning" })).toBeVisible();
    const held = page.getByRole("list", { name: "Held changes" });
    await expect(held.getByRole("listitem")).toHaveCount(3);
    await expect(held.getByRole("listitem").filter({ hasText: "Remove" })).toContainText("by token Entra ID");
    await noHorizontalScroll(page);
    await screenshot(page, `guardrail-review-${width}`);

    await page.getByRole("button", { name: "Approve all" }).click();
    const approve = page.getByRole("alertdialog");
    await expect(approve).toContainText("in the order they arrived");
    await approve.getByRole("button", { name: "Apply them" }).click();
    await expect(page.getByText("Nothing is held")).toBeVisible();
    await expect(banner).toBeHidden();
    const user = await scimFetch(token, "GET", `/Users/${ids[11]}`);
    expect(user.json.active).toBe(false);
    expect((await scimFetch(token, "GET", `/Users/${ids[12]}`)).status).toBe(404);

    // approved changes do not count: 10 applied this window, so the next one is held again → discard it
    expect((await scimFetch(token, "PATCH", `/Users/${ids[13]}`, deactivate)).status).toBe(200);
    await page.reload();
    await expect(held.getByRole("listitem")).toHaveCount(1);
    await page.getByRole("button", { name: "Discard all" }).click();
    const discard = page.getByRole("dialog", { name: /Discard 1 held change/ });
    await expect(discard).toContainText("restart provisioning in Entra");
    await discard.getByRole("button", { name: "Discard them" }).click();
    await expect(page.getByText("Nothing is held")).toBeVisible();
    expect((await scimFetch(token, "GET", `/Users/${ids[13]}`)).json.active).toBe(true);
    await page.goto(`/w/${ws.slug}/audit`);
    await expect(page.getByRole("list", { name: "Audit entries" })).toContainText("Held deprovisioning approved");
    await expect(page.getByRole("list", { name: "Audit entries" })).toContainText("Held deprovisioning discarded");
  });
}

test("guardrail settings keep what was typed when invalid; admins see neither banner nor page", async ({
  page,
  browser,
}) => {
  test.slow();
  const ws = createWorkspace();
  const token = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID").token as string;
  const adminEmail = `${uid("ada")}@example.test`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    adminEmail,
    "--password",
    "orchid lantern basalt 12",
    "--role",
    "admin",
    "--name",
    "Ada Admin",
  );
  await provisionAndUnassign(token);
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/guardrail`);
  await page.getByLabel("Threshold (% of active members)").fill("250");
  await page.getByLabel("Window (minutes)").fill("90");
  await page.getByRole("button", { name: "Save guardrail settings" }).click();
  await expect(page.getByText("At most 100")).toBeVisible();
  await expect(page.getByLabel("Threshold (% of active members)")).toHaveValue("250");
  await expect(page.getByLabel("Window (minutes)")).toHaveValue("90");
  await page.getByLabel("Threshold (% of active members)").fill("20");
  await page.getByRole("button", { name: "Save guardrail settings" }).click();
  await expect(page.getByText("Guardrail settings saved.")).toBeVisible();

  const other = await browser.newContext();
  const adminPage = await other.newPage();
  await signIn(adminPage, adminEmail, "orchid lantern basalt 12");
  await adminPage.goto(`/w/${ws.slug}/members`);
  await expect(adminPage.getByRole("heading", { name: "Members" })).toBeVisible();
  await expect(adminPage.getByText("held by the deprovisioning guardrail")).toHaveCount(0);
  await adminPage.goto(`/w/${ws.slug}/guardrail`);
  await expect(adminPage).toHaveURL(/profile\?denied=1/);
  await other.close();
});
