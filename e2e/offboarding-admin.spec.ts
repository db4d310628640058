// Issue 16 part 3, who may change the offboarding policy: the owner edits it on the settings page; an admin
// sees the same settings page with the policy as read-only text (no controls, no save button, and it says
// that only owners can change it), and the owner-only action sent by hand as that admin — exactly as the
// browser sends it (see e2e/security-support.ts) — is refused and changes nothing. The same request from
// the owner succeeds, so the refusal is the role check at work and not a malformed request.
import { test, expect } from "@playwright/test";
import { admin, createWorkspace, signIn, uid } from "./support";
import { callAction, query } from "./security-support";

async function policyRow(slug: string) {
  const [ws] = await query(`SELECT "id" FROM "Workspace" WHERE "slug" = ?`, slug);
  const rows = await query(
    `SELECT "deleteAction", "removeAfterDays" FROM "OffboardingPolicy" WHERE "workspaceId" = ?`,
    ws.id,
  );
  return rows.map((r) => ({
    deleteAction: r.deleteAction,
    removeAfterDays: r.removeAfterDays === null ? null : Number(r.removeAfterDays),
  }));
}

test("offboarding policy: the owner edits it; an admin reads it and a forged save or preview as that admin is refused", async ({
  page,
  browser,
}) => {
  test.slow();
  const ws = createWorkspace();
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

  // the owner: an editable form, saved as "a delete suspends", never removed automatically
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings#offboarding`);
  const ownerCard = page.locator("#offboarding");
  await expect(ownerCard.getByRole("radio")).toHaveCount(2);
  await expect(ownerCard.getByRole("radio", { name: /Remove the member/ })).toBeEnabled();
  await expect(ownerCard.getByLabel("Remove members suspended by SCIM after (days)")).toBeEditable();
  await expect(ownerCard.getByRole("button", { name: "Save policy" })).toBeVisible();
  await expect(ownerCard.getByRole("button", { name: "Preview removals" })).toBeVisible();
  await expect(ownerCard).not.toContainText("Only owners can change this");
  await ownerCard.getByRole("radio", { name: /Suspend the member/ }).check();
  await ownerCard.getByRole("button", { name: "Save policy" }).click();
  await expect(ownerCard.getByText("Offboarding policy saved.")).toBeVisible();
  expect(await policyRow(ws.slug)).toEqual([{ deleteAction: "suspend", removeAfterDays: null }]);

  // the admin: the same card, as text
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, adminEmail, "orchid lantern basalt 12");
  await adminPage.goto(`/w/${ws.slug}/settings#offboarding`);
  const card = adminPage.locator("#offboarding");
  await expect(card.getByRole("heading", { name: "Offboarding policy" })).toBeVisible();
  await expect(card).toContainText("A delete from the identity provider suspends the member.");
  await expect(card).toContainText("Members suspended by SCIM are never removed automatically.");
  await expect(card).toContainText("Only owners can change this.");
  await expect(card.locator("form, input, select, textarea, button")).toHaveCount(0);
  await expect(card.getByRole("button")).toHaveCount(0);
  await expect(adminPage.getByRole("button", { name: "Save policy" })).toHaveCount(0);
  // the rest of the settings page stays the admin's to use (this is a read-only card, not a denied page)
  await expect(adminPage.getByRole("button", { name: "Generate token" })).toBeVisible();

  // forged: the owner-only action sent by the admin's browser session, to save and to preview
  const forge = (request: typeof adminPage.request, fields: Record<string, string>) =>
    callAction(request, {
      page: `/w/${ws.slug}/settings`,
      action: "saveOffboardingAction",
      fields: { slug: ws.slug, ...fields },
    });
  const saved = await forge(adminPage.request, { deleteAction: "remove", removeAfterDays: "1", intent: "save" });
  expect(saved.status).toBe(200);
  expect(saved.result, saved.text.slice(0, 300)).not.toBeNull();
  expect(saved.result!.ok).toBeFalsy();
  expect(saved.result!.errors?.form).toBe("Only workspace owners can change the offboarding policy.");
  const preview = await forge(adminPage.request, { deleteAction: "suspend", removeAfterDays: "1", intent: "preview" });
  expect(preview.result!.errors?.form).toBe("Only workspace owners can change the offboarding policy.");
  // no dry-run list in the answer (the refused form's own values, intent "preview" among them, are echoed back)
  expect(preview.text).not.toContain('"preview":');
  expect(await policyRow(ws.slug)).toEqual([{ deleteAction: "suspend", removeAfterDays: null }]);
  await adminPage.reload();
  await expect(card).toContainText("A delete from the identity provider suspends the member.");
  await expect(card).toContainText("never removed automatically");

  // positive control: the very same request from the owner's session is accepted
  const ownerSaved = await forge(page.request, { deleteAction: "remove", removeAfterDays: "45", intent: "save" });
  expect(ownerSaved.result?.ok, ownerSaved.text.slice(0, 300)).toBe(true);
  expect(await policyRow(ws.slug)).toEqual([{ deleteAction: "remove", removeAfterDays: 45 }]);
  await adminPage.reload();
  await expect(card).toContainText("A delete from the identity provider removes the member.");
  await expect(card).toContainText("Members suspended by SCIM are removed after 45 days.");
  await expect(card).toContainText("Only owners can change this.");
  await adminContext.close();
});
