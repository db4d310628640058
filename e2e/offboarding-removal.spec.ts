// Issue 16 part 3 in the browser: automatic removal by the offboarding policy, run by the real job in the
// server process (playwright.config.ts gives it a 2 s interval). A member suspended by SCIM, their
// suspension aged past the owner's limit in the database, is removed without anyone clicking, and the
// removal reads in the provisioning log (method POLICY) and in the audit trail (actor "policy").
import { test, expect } from "@playwright/test";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";
import { query } from "./security-support";
import { e2eSql } from "./sso-support";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const DAY = 86_400_000;

test("offboarding policy: the job removes a member suspended by SCIM past the limit; log and audit show it", async ({
  page,
}) => {
  test.slow();
  const ws = createWorkspace();
  const token = admin("token", "create", "--workspace", ws.slug, "--label", "Okta").token as string;
  const userName = `${uid("leaver")}@example.test`;
  const displayName = `Lee Leaver ${uid()}`;
  const created = await scimFetch(token, "POST", "/Users", { schemas: [USER], userName, displayName, active: true });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const stays = await scimFetch(token, "POST", "/Users", {
    schemas: [USER],
    userName: `${uid("stayer")}@example.test`,
    active: true,
  });
  for (const who of [id, stays.json.id as string]) {
    expect(
      (
        await scimFetch(token, "PATCH", `/Users/${who}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "replace", path: "active", value: false }],
        })
      ).status,
    ).toBe(200);
  }

  // the owner turns on automatic removal after 3 days (confirmed in the app's dialog)
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings#offboarding`);
  const card = page.locator("#offboarding");
  await card.getByLabel("Remove members suspended by SCIM after (days)").fill("3");
  await card.getByRole("button", { name: "Save policy" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Turn on automatic removal" }).click();
  await expect(card.getByText("Offboarding policy saved.")).toBeVisible();

  // suspended 2 days ago: not due, the job leaves them (checked after a few runs of it) ...
  await e2eSql(`UPDATE "Member" SET "scimSuspendedAt" = $1 WHERE "id" = $2`, [new Date(Date.now() - 2 * DAY), id]);
  await page.waitForTimeout(5_000);
  expect(await query(`SELECT "id" FROM "Member" WHERE "id" = ?`, id)).toHaveLength(1);
  // ... 4 days ago: removed at the job's next run, with no click
  await e2eSql(`UPDATE "Member" SET "scimSuspendedAt" = $1 WHERE "id" = $2`, [new Date(Date.now() - 4 * DAY), id]);
  await expect
    .poll(async () => (await query(`SELECT "id" FROM "Member" WHERE "id" = ?`, id)).length, {
      timeout: 30_000,
      intervals: [500],
    })
    .toBe(0);
  // the other suspended member (suspended just now) stays
  expect(await query(`SELECT "status" FROM "Member" WHERE "id" = ?`, stays.json.id)).toEqual([{ status: "suspended" }]);

  // the provisioning log: one POLICY row for them, by the offboarding policy
  await page.goto(`/w/${ws.slug}/log`);
  const row = page.getByRole("row").filter({ hasText: userName });
  await expect(row.filter({ hasText: "POLICY" })).toHaveCount(1);
  const policyRow = row.filter({ hasText: "POLICY" });
  await expect(policyRow).toContainText("offboarding policy");
  await expect(policyRow).toContainText("Removed by the offboarding policy");
  await expect(policyRow).toContainText("more than 3 days ago");

  // the audit trail: "policy" removed them
  await page.goto(`/w/${ws.slug}/audit`);
  const entry = page
    .getByRole("list", { name: "Audit entries" })
    .getByRole("listitem")
    .filter({ hasText: displayName });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(/policy\s*Member removed\s*Lee Leaver/);
  await expect(entry).toContainText("reason: offboarding_policy");
  await expect(entry).toContainText("days: 3");
});
