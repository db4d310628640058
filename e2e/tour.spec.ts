// The UI tour (issue 14's "done when"): every page, as owner, admin and member, at 1440×900 and 390×844.
// On each page: no horizontal overflow (the document is no wider than the window), no console errors,
// and no serious or critical axe violations. Screenshots go to test-results/tour/<role>-<width>-<page>.png.
//
// One seeded workspace for all six runs (beforeAll); each run signs in once and walks its pages, so the
// whole tour stays near a minute on two cores.
import AxeBuilder from "@axe-core/playwright";
import { test, expect, request as playwrightRequest, type Page } from "@playwright/test";
import { E2E_URL } from "../playwright.config";
import { FORM, apiSignIn, appPaths, callAction, query } from "./security-support";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;
const PASSWORD = "tour-password-1";

interface Seed {
  slug: string;
  owner: string;
  admin: string;
  member: string;
  ownerPassword: string;
  memberId: string;
  groupId: string;
  endpointId: string;
}
let seed: Seed;

test.beforeAll(async () => {
  const ws = createWorkspace();
  const adminEmail = `${uid("admin")}@example.test`;
  const memberEmail = `${uid("member")}@example.test`;
  admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    adminEmail,
    "--password",
    PASSWORD,
    "--role",
    "admin",
    "--name",
    "Ada Admin",
  );
  const m = admin(
    "user",
    "create",
    "--workspace",
    ws.slug,
    "--email",
    memberEmail,
    "--password",
    PASSWORD,
    "--role",
    "member",
    "--name",
    "Max Member",
  );
  const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID production tenant");
  for (let i = 1; i <= 12; i++) {
    const r = await scimFetch(token, "POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `user${i}.averyverylongsurnameindeed@contoso-corporation.example`,
      displayName: `User ${i}`,
      active: true,
      name: { givenName: "User", familyName: String(i) },
      title: "Senior Principal Platform Reliability Engineer",
    });
    expect(r.status).toBe(201);
  }
  const group = await scimFetch(token, "POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "EngineeringPlatformInfrastructureReliabilityGroup",
  });
  expect(group.status).toBe(201);
  // a failed request, for "Last errors" and the log
  expect((await scimFetch(token, "GET", "/Users/does-not-exist;a")).status).toBe(404);
  // a webhook endpoint, for its page (loopback is allowed in the e2e server's SSO_FETCH_ALLOW_HOSTS)
  const ownerCtx = await playwrightRequest.newContext({ baseURL: E2E_URL });
  await apiSignIn(ownerCtx, ws.email, ws.password);
  const hook = await callAction(ownerCtx, {
    page: `/w/${ws.slug}/settings/webhooks`,
    action: "createEndpointAction",
    args: [ws.slug, {}, FORM],
    fields: { url: "http://127.0.0.1:9/tour-hook", description: "ERP" },
  });
  expect(hook.result?.ok, hook.text.slice(0, 300)).toBeTruthy();
  await ownerCtx.dispose();
  const [endpoint] = await query(
    `SELECT e."id" FROM "WebhookEndpoint" e JOIN "Workspace" w ON w."id" = e."workspaceId" WHERE w."slug" = ?`,
    ws.slug,
  );
  seed = {
    slug: ws.slug,
    owner: ws.email,
    ownerPassword: ws.password,
    admin: adminEmail,
    member: memberEmail,
    memberId: m.id,
    groupId: group.json.id,
    endpointId: endpoint.id as string,
  };
});

/** The pages a role can open (members are sent to their profile from admin pages, so they visit it only;
 * admins are sent there from the owner-only settings). */
function pages(role: "owner" | "admin" | "member"): [string, string][] {
  const base = `/w/${seed.slug}`;
  // members: their profile, and an admin page, which sends them to the profile with a notice
  if (role === "member")
    return [
      ["profile", `${base}/profile`],
      ["denied", `${base}/members`],
    ];
  const forAdmins: [string, string][] = [
    ["home", base],
    ["members", `${base}/members`],
    ["member", `${base}/members/${seed.memberId}`],
    ["groups", `${base}/groups`],
    ["group", `${base}/groups/${seed.groupId}`],
    ["log", `${base}/log`],
    ["log-event", "first-event"],
    ["audit", `${base}/audit`],
    ["connect-scim", `${base}/settings`],
    ["profile", `${base}/profile`],
  ];
  if (role === "admin") return [...forAdmins, ["owner-only", `${base}/settings/sso`]];
  return [
    ...forAdmins,
    ["sso", `${base}/settings/sso`],
    ["domains", `${base}/settings/domains`],
    ["webhooks", `${base}/settings/webhooks`],
    ["webhook-endpoint", `${base}/settings/webhooks/${seed.endpointId}`],
    ["guardrail", `${base}/guardrail`],
  ];
}

test("the tour visits every page of the workspace (route handlers aside)", () => {
  const visited = new Set(
    pages("owner").map(([, p]) =>
      p === "first-event"
        ? "/w/[slug]/log/[eventId]"
        : p
            .replace(`/w/${seed.slug}`, "/w/[slug]")
            .replace(seed.memberId, "[memberId]")
            .replace(seed.groupId, "[groupId]")
            .replace(seed.endpointId, "[endpointId]"),
    ),
  );
  const routeHandlers = /\/(export|setup-status|doctor-status)$/;
  const built = appPaths().filter((p) => p.startsWith("/w/[slug]") && !routeHandlers.test(p));
  expect(built.filter((p) => !visited.has(p)).sort()).toEqual([]);
});

async function check(page: Page, name: string, errors: string[]) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect
    .soft(scrollWidth, `${name}: page is ${scrollWidth} px wide in a ${innerWidth} px window`)
    .toBeLessThanOrEqual(innerWidth);
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect
    .soft(
      serious.map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")})`,
      ),
      `${name}: axe`,
    )
    .toEqual([]);
  expect.soft(errors, `${name}: console errors`).toEqual([]);
  errors.length = 0;
  await page.screenshot({ path: `test-results/tour/${name}.png`, fullPage: true });
}

for (const role of ["owner", "admin", "member"] as const) {
  for (const viewport of VIEWPORTS) {
    test(`tour as ${role} at ${viewport.width} px`, async ({ page }) => {
      // an owner's tour is ~25 pages with axe on each: 50 s on a quiet 2-core machine, so the default 60 s
      // left no room for a busier one
      test.setTimeout(180_000);
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.setViewportSize(viewport);
      const email = role === "owner" ? seed.owner : role === "admin" ? seed.admin : seed.member;
      await signIn(page, email, role === "owner" ? seed.ownerPassword : PASSWORD);
      for (const [name, path] of pages(role)) {
        if (path === "first-event") {
          await page.goto(`/w/${seed.slug}/log`);
          await page
            .getByRole("table", { name: "Provisioning requests" })
            .getByRole("link", { name: /details of/ })
            .first()
            .click();
          await expect(page).toHaveURL(/\/log\/[^/?]+$/);
        } else {
          await page.goto(path);
        }
        await check(page, `${role}-${viewport.width}-${name}`, errors);
      }
      if (role === "owner") {
        // pages outside the workspace shell, and the open dialogs
        await page.goto(`/w/${seed.slug}/members`);
        await page.getByRole("button", { name: "Invite members" }).click();
        await check(page, `${role}-${viewport.width}-invite-dialog`, errors);
        await page.keyboard.press("Escape");
        await page.goto("/no-such-page");
        await check(
          page,
          `${role}-${viewport.width}-not-found`,
          errors.filter((e) => !/404/.test(e)),
        );
        errors.length = 0;
      }
    });
  }
}

test("tour of the signed-out pages at both widths", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/404/.test(m.text())) errors.push(m.text());
  });
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const [name, path] of [
      ["signin", "/signin"],
      ["sso", "/sso"],
      ["setup", "/setup"],
      ["not-found", "/no-such-page"],
    ]) {
      await page.goto(path);
      await check(page, `public-${viewport.width}-${name}`, errors);
    }
  }
});
