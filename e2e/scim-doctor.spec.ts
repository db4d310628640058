// Issue 16 in the browser: the connection doctor on Connect SCIM (live setup ticking off as real SCIM
// requests arrive, mapping checks from the traffic) and the offboarding policy (owner settings with a
// dry-run preview, a DELETE that suspends, the seat summary on the members page), at 1440 and 390 px.
import { test, expect, type Page } from "@playwright/test";
import { admin, createWorkspace, scimFetch, screenshot, signIn } from "./support";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

async function noHorizontalScroll(page: Page, what: string) {
  const { scroll, inner, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    // the innermost elements that stick out, to name the culprit when this fails
    wide: [...document.querySelectorAll("body *")]
      .filter((e) => {
        const out = (x: Element) => x.getBoundingClientRect().right > window.innerWidth + 1;
        if (!out(e) || [...e.children].some(out)) return false;
        // inside a scroll container it scrolls there, unless it is positioned out of it
        return getComputedStyle(e).position !== "static" || !e.parentElement?.closest(".overflow-x-auto");
      })
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? "").slice(0, 60)}`),
  }));
  expect(scroll, `${what}: ${wide.join(" | ")}`).toBeLessThanOrEqual(inner);
}

const check = (page: Page, id: string) => page.locator(`[data-check="${id}"]`);
const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

test("connection doctor: live setup ticks off as Entra's requests arrive; mapping checks explain what to change", async ({
  page,
}) => {
  test.slow();
  const ws = createWorkspace();
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings`);
  await page.getByLabel("Label").fill("Entra ID");
  await page.getByRole("button", { name: "Generate token" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy your SCIM token now" });
  const token = await dialog.getByLabel("Secret token").inputValue();
  await dialog.getByRole("button", { name: "I have copied the token" }).click();

  await expect(page.getByRole("heading", { name: "Connection doctor" })).toBeVisible();
  for (const id of ["test", "user", "group", "deactivation"])
    await expect(step(page, id)).toHaveAttribute("data-done", "false");
  await expect(page.getByText("Listening for requests from your identity provider")).toBeVisible();

  // Entra's Test Connection: a lookup of a random userName. The page ticks it off without a reload.
  expect(
    (
      await scimFetch(
        token,
        "GET",
        `/Users?filter=${encodeURIComponent('userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"')}`,
      )
    ).status,
  ).toBe(200);
  await expect(step(page, "test")).toHaveAttribute("data-done", "true");
  await expect(page.getByRole("list", { name: "Last requests" })).toContainText(
    'GET /scim/v2/Users?filter=userName eq "Test_User_00aa00aa',
  );

  // A first cycle with a poor mapping: userName not an email, no externalId, no active, extra attributes.
  const jdoe = await scimFetch(token, "POST", "/Users", {
    schemas: [USER],
    userName: "jdoe",
    displayName: "John Doe",
    phoneNumbers: [{ value: "+1 555", type: "work" }],
  });
  expect(jdoe.status).toBe(201);
  await expect(step(page, "user")).toHaveAttribute("data-done", "true");
  const other = await scimFetch(token, "POST", "/Users", {
    schemas: [USER],
    userName: "ann@unverified.example",
    displayName: "Ann",
  });
  expect(other.status).toBe(201);
  expect(
    (
      await scimFetch(token, "POST", "/Groups", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        displayName: "Sales",
        members: [{ value: jdoe.json.id }],
      })
    ).status,
  ).toBe(201);
  await expect(step(page, "group")).toHaveAttribute("data-done", "true");
  expect((await scimFetch(token, "DELETE", `/Users/${other.json.id}`)).status).toBe(204);
  await expect(step(page, "deactivation")).toHaveAttribute("data-done", "true");
  await expect(page.getByText("Listening for requests from your identity provider")).toBeHidden();
  for (let i = 0; i < 3; i++) expect((await scimFetch(token, "POST", "/Users", { schemas: [USER] })).status).toBe(400);

  await page.reload();
  await expect(check(page, "username-email")).toHaveAttribute("data-state", "warn");
  await expect(check(page, "username-email")).toContainText("jdoe");
  await expect(check(page, "username-email")).toContainText("Source attribute to userPrincipalName");
  await expect(check(page, "username-domain")).toHaveAttribute("data-state", "warn");
  await expect(check(page, "username-domain")).toContainText("ann@unverified.example");
  await expect(check(page, "username-sso")).toHaveAttribute("data-state", "unknown");
  await expect(check(page, "active")).toHaveAttribute("data-state", "warn");
  await expect(check(page, "active")).toContainText("IsSoftDeleted");
  await expect(check(page, "externalid")).toHaveAttribute("data-state", "warn");
  await expect(check(page, "externalid")).toContainText("objectId");
  await expect(check(page, "ignored")).toHaveAttribute("data-state", "info");
  await expect(check(page, "ignored")).toContainText("phoneNumbers");
  await expect(check(page, "failures")).toHaveAttribute("data-state", "warn");
  await expect(check(page, "failures")).toContainText("3× POST /scim/v2/Users → 400");
  await expect(check(page, "silence")).toHaveAttribute("data-state", "ok");
  await page.locator("#doctor-title").scrollIntoViewIfNeeded();
  await screenshot(page, "connection-doctor");
  // the section alone, for the README (docs/screenshots)
  await page
    .locator('section[aria-labelledby="doctor-title"]')
    .screenshot({ path: "test-results/screenshots/connection-doctor-section.png" });

  // A fixed mapping turns the checks green.
  expect(
    (
      await scimFetch(token, "POST", "/Users", {
        schemas: [USER],
        userName: "eve@unverified.example",
        externalId: "oid-eve",
        active: true,
      })
    ).status,
  ).toBe(201);
  await page.reload();
  await expect(check(page, "active")).toHaveAttribute("data-state", "ok");

  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await expect(page.getByRole("heading", { name: "Connection doctor" })).toBeVisible();
    await noHorizontalScroll(page, `settings with the doctor at ${width}px`);
  }
});

test("offboarding policy: owner sets DELETE → suspend and removal after N days (confirmed), previews, and the members page shows the seats", async ({
  page,
}) => {
  test.slow();
  const ws = createWorkspace();
  const token = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID").token as string;
  await signIn(page, ws.email, ws.password);
  await page.goto(`/w/${ws.slug}/settings#offboarding`);
  const card = page.locator("#offboarding");
  await card.getByLabel(/Suspend the member/).check();
  const days = card.getByLabel("Remove members suspended by SCIM after (days)");
  await days.fill("0");
  await card.getByRole("button", { name: "Preview removals" }).click();
  await expect(card.getByText("At least 1 day")).toBeVisible();
  await expect(days).toHaveValue("0"); // what the owner typed is kept
  await expect(card.getByLabel(/Suspend the member/)).toBeChecked();

  await days.fill("30");
  await card.getByRole("button", { name: "Save policy" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Remove suspended members automatically?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Turn on automatic removal" }).click();
  await expect(card.getByText("Offboarding policy saved.")).toBeVisible();

  // Entra hard-deletes a user: under this policy they are suspended, not removed.
  const user = await scimFetch(token, "POST", "/Users", {
    schemas: [USER],
    userName: "leaver@example.test",
    displayName: "Lee Leaver",
    externalId: "oid-lee",
    active: true,
  });
  expect(user.status).toBe(201);
  expect((await scimFetch(token, "DELETE", `/Users/${user.json.id}`)).status).toBe(204);

  await page.reload();
  await expect(days).toHaveValue("30");
  await card.getByRole("button", { name: "Preview removals" }).click();
  const preview = card.getByRole("region", { name: /Dry run: removal after 30 days/ });
  await expect(preview).toContainText("Lee Leaver");
  await expect(preview).toContainText("0 would be removed at the next run");
  const removeOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await expect(preview).toContainText(`removed on ${removeOn}`);
  await screenshot(page, "offboarding-policy");
  await card.screenshot({ path: "test-results/screenshots/offboarding-policy-card.png" });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(preview).toBeVisible();
    await noHorizontalScroll(page, `offboarding preview at ${width}px`);
  }

  await page.goto(`/w/${ws.slug}/members?status=suspended`);
  await expect(page.getByRole("row", { name: /Lee Leaver/ })).toContainText("Suspended");
  const seats = page.getByTestId("suspended-seats");
  await expect(seats).toContainText("1 member suspended by SCIM holds a seat");
  await expect(seats).toContainText("removes them after 30 days: it frees 0 at its next run and 0 more within 7 days");
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await noHorizontalScroll(page, `members at ${width}px`);
  }
});
