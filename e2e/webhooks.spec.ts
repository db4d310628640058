// Webhooks settings in the browser: an owner adds an endpoint (the signing secret shown once), a refused
// URL keeps what was typed, "Send test event" reaches a local receiver that verifies the signature, the
// delivery log shows it, and the pages fit a phone without horizontal scrolling. Admins don't get in.
import { test, expect } from "@playwright/test";
import { admin, createWorkspace, signIn, uid } from "./support";
import { startReceiver } from "../tests/support/webhook-receiver";

test("an owner adds an endpoint, sends a test event and sees it delivered", async ({ page }) => {
  test.slow(); // one journey: add, test event, log, two viewports, remove
  const ws = createWorkspace();
  const receiver = await startReceiver();
  try {
    await signIn(page, ws.email, ws.password);
    await page.goto(`/w/${ws.slug}/settings/webhooks`);
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();

    // Refused: plain http to a host nobody allowed. What was typed stays.
    await page.getByLabel("Endpoint URL").fill("http://example.com/hooks");
    await page.getByLabel("Description (optional)").fill("ERP sync");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("The URL must start with https://.")).toBeVisible();
    await expect(page.getByLabel("Endpoint URL")).toHaveValue("http://example.com/hooks");
    await expect(page.getByLabel("Description (optional)")).toHaveValue("ERP sync");

    // The test receiver listens on loopback over http (allowed in the e2e server's SSO_FETCH_ALLOW_HOSTS).
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const status = page.getByRole("status");
    await expect(status).toContainText("shown only now");
    const secret = (await status.textContent())!.match(/whsec_[A-Za-z0-9+/=]+/)![0];
    receiver.secrets.push(secret);
    await page.reload();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole("link", { name: receiver.url }).click();
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByRole("status")).toContainText("queued");
    await expect
      .poll(() => receiver.received.filter((r) => r.verified && r.type === "webhook.test").length, { timeout: 20_000 })
      .toBe(1);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("listitem", { name: /webhook\.test/ })).toContainText("HTTP 204", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByRole("listitem", { name: /webhook\.test/ })).toContainText("delivered");

    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of [`/w/${ws.slug}/settings/webhooks`, page.url()]) {
        await page.goto(path);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          `${path} at ${width}px`,
        ).toBe(true);
      }
    }

    // Removing asks in the app's own dialog.
    await page.getByRole("button", { name: "Remove endpoint" }).click();
    await page
      .getByRole("alertdialog", { name: "Remove this endpoint?" })
      .getByRole("button", { name: "Remove", exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`/w/${ws.slug}/settings/webhooks$`));
    await expect(page.getByText("No endpoints yet.")).toBeVisible();
  } finally {
    await receiver.close();
  }
});

test("an admin cannot open the webhooks settings", async ({ page }) => {
  const ws = createWorkspace();
  const email = `admin-${uid()}@example.test`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    email,
    "--password",
    "admin-password-1",
    "--role",
    "admin",
  );
  await signIn(page, email, "admin-password-1");
  const res = await page.goto(`/w/${ws.slug}/settings/webhooks`);
  expect(res?.status()).toBe(404);
});
