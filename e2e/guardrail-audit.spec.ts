// Issue 16 part 1, "held changes are visible in the audit trail": each suspension or removal the guardrail
// holds is an audit entry with the SCIM token as actor and the member as target — on the audit page, on
// the member's timeline and in the CSV export. The applied one before the budget ran out is not.
import { test, expect } from "@playwright/test";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";
import { query } from "./security-support";
import { e2eSql } from "./sso-support";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const deactivate = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [{ op: "replace", path: "active", value: false }],
};

test("guardrail: held changes are audit entries by the SCIM token, on the audit page, the member timeline and the CSV", async ({
  page,
}) => {
  const ws = createWorkspace();
  const token = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID").token as string;
  const [{ id: wsId }] = await query(`SELECT "id" FROM "Workspace" WHERE "slug" = ?`, ws.slug);
  // a budget of one deprovision per hour (at least 1 person, 1 %), so the second one is held
  await e2eSql(
    `INSERT INTO "DeprovisionGuard" ("workspaceId", "windowMinutes", "thresholdPercent", "minPeople", "updatedAt") VALUES ($1, 60, 1, 1, $2)`,
    [wsId, new Date()],
  );
  const people = [];
  for (const name of ["Ann Applied", "Hal Held", "Dee Deleted"]) {
    const res = await scimFetch(token, "POST", "/Users", {
      schemas: [USER],
      userName: `${uid("p")}@example.test`,
      displayName: `${name} ${uid()}`,
      active: true,
    });
    expect(res.status).toBe(201);
    people.push({ id: res.json.id as string, displayName: res.json.displayName as string });
  }
  const [applied, held, deleted] = people;
  expect((await scimFetch(token, "PATCH", `/Users/${applied.id}`, deactivate)).status).toBe(200);
  expect((await scimFetch(token, "PATCH", `/Users/${held.id}`, deactivate)).status).toBe(200);
  expect((await scimFetch(token, "DELETE", `/Users/${deleted.id}`)).status).toBe(204);
  expect((await query(`SELECT "status" FROM "Member" WHERE "id" = ?`, held.id))[0].status).toBe("active"); // held, not applied

  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/audit`);
  const entries = page.getByRole("list", { name: "Audit entries" }).getByRole("listitem");
  const heldEntries = entries.filter({ hasText: "Deprovisioning held for review" });
  await expect(heldEntries).toHaveCount(2);
  await expect(heldEntries.filter({ hasText: held.displayName })).toContainText("SCIM token “Entra ID”");
  await expect(heldEntries.filter({ hasText: held.displayName })).toContainText(
    `change: suspension; request: PATCH /scim/v2/Users/${held.id}`,
  );
  await expect(heldEntries.filter({ hasText: deleted.displayName })).toContainText("change: removal");
  await expect(entries.filter({ hasText: applied.displayName })).toHaveCount(0);

  // the member's timeline
  await heldEntries.filter({ hasText: held.displayName }).getByRole("link", { name: held.displayName }).click();
  await expect(page.getByText("Deprovisioning held for review by SCIM token “Entra ID”")).toBeVisible();

  // the CSV export
  const csv = await page.request.get(`/w/${ws.slug}/audit/export?action=guardrail`);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\n").slice(1);
  expect(lines).toHaveLength(2);
  for (const line of lines) expect(line).toMatch(/SCIM token “Entra ID”,guardrail\.held,member,/);
});
