// Shared e2e helpers: the admin CLI against the e2e database, sign-in, screenshots, SCIM over HTTP.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { E2E_DATABASE_URL, E2E_URL } from "../playwright.config";

export const SCIM_BASE = `${E2E_URL}/scim/v2`;

/** Runs `npm run -s admin -- <args> --json` against the e2e database and returns the parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function admin(...args: string[]): any {
  const out = execFileSync("npm", ["run", "-s", "admin", "--", ...args, "--json"], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL, APP_URL: E2E_URL },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

export function uid(prefix = "e") {
  return `${prefix}${crypto.randomBytes(4).toString("hex")}`;
}

/** A new Enterprise workspace with an owner; returns the slug and the owner's credentials. */
export function createWorkspace(opts: { plan?: string } = {}) {
  const slug = uid("ws");
  const email = `owner-${slug}@example.test`;
  const password = "owner-password-1";
  admin(
    "workspace",
    "create",
    "--name",
    `Acme ${slug}`,
    "--slug",
    slug,
    "--plan",
    opts.plan ?? "enterprise",
    "--owner-email",
    email,
    "--owner-password",
    password,
    "--owner-name",
    "Olivia Owner",
  );
  return { slug, email, password };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** A request written to a keep-alive socket the server had just closed as idle (the admin CLI's seconds of
 * silence between calls): it never reached the server, so sending it again is safe. */
function droppedIdleSocket(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return (
    cause?.code === "UND_ERR_SOCKET" || cause?.code === "ECONNRESET" || /other side closed/.test(cause?.message ?? "")
  );
}

/** One SCIM call over real HTTP (sent again once when the idle connection had been dropped). */
export async function scimFetch(token: string, method: string, path: string, body?: unknown) {
  const send = () =>
    fetch(`${SCIM_BASE}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const res = await send().catch((e: unknown) => {
    if (droppedIdleSocket(e)) return send();
    throw e;
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}
