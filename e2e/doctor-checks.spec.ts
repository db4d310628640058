// Issue 16 part 2, the connection doctor's checks that e2e/scim-doctor.spec.ts leaves at their quiet state,
// driven into their failing state and back in the browser:
//   - "userName matches what SSO signs in with": a SCIM member signs in with OpenID Connect (the link is
//     stored), then the identity provider renames them over SCIM so that neither their userName nor their
//     work email is the email SSO asserted → Fix, with the Entra and Okta settings; renamed back → OK;
//   - "The identity provider is in contact": the last request and the token aged in the database past two
//     Entra cycles (80 minutes) → Fix; one cycle and a half is not yet silence; a fresh request clears it;
//   - "externalId is sent and stays the same": a replace that changes a member's externalId → Fix.
import { test, expect, type Page } from "@playwright/test";
import { E2E_DNS_PORT } from "../playwright.config";
import { startDnsServer, type TestDnsServer } from "../tests/support/dns-server";
import { startOidcOp, type TestOidcOp } from "../tests/support/oidc-op";
import { admin, createWorkspace, scimFetch, screenshot, signIn, uid } from "./support";
import { query } from "./security-support";
import { e2eSql, newPage, provision, ssoSignIn, verifyDomainInUi } from "./sso-support";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MINUTE = 60_000;

let dns: TestDnsServer;
let op: TestOidcOp | undefined;
test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  dns = await startDnsServer(E2E_DNS_PORT);
});
test.afterAll(async () => {
  await dns.close();
  await op?.close();
});

/** One SCIM call over a live connection: after seconds in the browser or the admin CLI the server may close
 * fetch's idle keep-alive connection just as it is reused ("other side closed"). A GET may simply be sent
 * again; a write must not, so it goes after such a GET (as in e2e/guardrail.spec.ts). */
async function scim(token: string, method: string, path: string, body?: unknown): ReturnType<typeof scimFetch> {
  if (method !== "GET") {
    await scim(token, "GET", "/ServiceProviderConfig");
    return scimFetch(token, method, path, body);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await scimFetch(token, "GET", path);
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

const check = (page: Page, id: string) => page.locator(`[data-check="${id}"]`);

/** The settings page, freshly rendered (the mapping checks are computed on the server per request). */
async function openDoctor(page: Page, slug: string) {
  await page.goto(`/w/${slug}/settings`);
  await expect(page.getByRole("heading", { name: "Connection doctor" })).toBeVisible();
}

async function workspaceId(slug: string) {
  const [ws] = await query(`SELECT "id" FROM "Workspace" WHERE "slug" = ?`, slug);
  return ws.id as string;
}

/** Waits until the provisioning log (written in batches) holds `n` events of the workspace. */
async function loggedEvents(wsId: string, n: number) {
  await expect
    .poll(
      async () =>
        Number((await query(`SELECT COUNT(*) AS n FROM "ProvisioningEvent" WHERE "workspaceId" = ?`, wsId))[0].n),
      { timeout: 10_000 },
    )
    .toBe(n);
}

test("doctor: a member SCIM knows under another userName than SSO asserted → Fix with the Name ID setting; renamed back → OK", async ({
  page,
  browser,
}) => {
  const ws = createWorkspace();
  const domain = `${uid("corp")}.test`;
  await signIn(page, ws.email, ws.password);
  await verifyDomainInUi(page, ws.slug, domain, dns);
  await page.goto(`/w/${ws.slug}/settings/sso`);
  const redirectUri = await page.getByRole("textbox", { name: "OpenID Connect redirect URI" }).inputValue();
  op = await startOidcOp([redirectUri]);
  await page.getByLabel("Issuer URL").fill(op.issuer);
  await page.getByLabel("Client ID").fill(op.clientId);
  await page.getByLabel("Client secret").fill(op.clientSecret);
  await page.getByRole("button", { name: "Save OpenID Connect settings" }).click();
  await expect(page.getByRole("status")).toContainText("issuer discovery works");

  // Entra provisions Ann with userName = work email = her mail address; SSO asserts the same address.
  const email = `ann.${uid()}@${domain}`;
  const ann = await provision(ws.slug, email, { givenName: "Ann", familyName: "Smith" });
  op.users.set(email, { sub: `sub-${uid()}`, email, given_name: "Ann", family_name: "Smith" });

  await openDoctor(page, ws.slug);
  const sso = check(page, "username-sso");
  await expect(sso).toHaveAttribute("data-state", "unknown");
  await expect(sso).toContainText("No member provisioned by SCIM has signed in with SSO yet");
  await expect(check(page, "username-domain")).toHaveAttribute("data-state", "ok");

  const annPage = await newPage(browser);
  await ssoSignIn(annPage, email);
  await expect(annPage).toHaveURL(new RegExp(`/w/${ws.slug}`));
  await annPage.context().close();

  await openDoctor(page, ws.slug);
  await expect(sso).toHaveAttribute("data-state", "ok");
  await expect(sso).toContainText("All 1 members who signed in with SSO have the same userName in SCIM.");
  await expect(sso.getByText("Unique User Identifier")).toHaveCount(0); // no fix shown when nothing is wrong

  // The userName mapping in Entra is switched to another attribute (an alias on the same domain): SCIM now
  // knows Ann by an address that is neither the one SSO asserted nor her work email any more.
  const alias = `a.smith.${uid()}@${domain}`;
  const rename = (userName: string) =>
    scim(ann.token, "PATCH", `/Users/${ann.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "replace", path: "userName", value: userName },
        { op: "replace", path: "emails", value: [{ value: userName, type: "work", primary: true }] },
      ],
    });
  expect((await rename(alias)).status).toBe(200);

  await openDoctor(page, ws.slug);
  await expect(sso).toHaveAttribute("data-state", "warn");
  await expect(sso.getByText("Fix", { exact: true })).toBeVisible();
  await expect(sso).toContainText(
    "1 of 1 members who signed in with SSO are known to SCIM under a different userName than the email SSO asserts",
  );
  await expect(sso).toContainText("When the SSO link is reset, they will not be matched again.");
  await expect(sso.getByRole("listitem")).toHaveText(`${alias} ≠ ${email}`);
  await expect(sso).toContainText(
    "Single sign-on → Attributes & Claims → Unique User Identifier (Name ID) should both be user.userprincipalname",
  );
  await expect(sso).toContainText(
    "Sign On → Application username format and Provisioning → To App → userName must be the same attribute",
  );
  await sso.scrollIntoViewIfNeeded();
  await screenshot(page, "doctor-username-sso-warn");

  // Entra's mapping is put back: the next update restores the userName SSO signs in with.
  expect((await rename(email)).status).toBe(200);
  await openDoctor(page, ws.slug);
  await expect(sso).toHaveAttribute("data-state", "ok");
  await expect(sso).toContainText("All 1 members who signed in with SSO have the same userName in SCIM.");
});

test("doctor: no request for more than two Entra cycles → Fix; a fresh request clears it", async ({ page }) => {
  const ws = createWorkspace();
  const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  const wsId = await workspaceId(ws.slug);
  await signIn(page, ws.email, ws.password);
  await openDoctor(page, ws.slug);
  const silence = check(page, "silence");
  await expect(silence).toHaveAttribute("data-state", "ok");
  await expect(silence).toContainText("Waiting for the first request.");

  // Entra's Test Connection and a first user, then nothing: the last contact and the token aged in the
  // database (the doctor reads both: a token generated a minute ago is not silent yet).
  expect(
    (await scim(token, "GET", `/Users?filter=${encodeURIComponent('userName eq "probe@example.test"')}`)).status,
  ).toBe(200);
  expect(
    (
      await scimFetch(token, "POST", "/Users", {
        schemas: [USER],
        userName: `${uid("u")}@example.test`,
        externalId: uid("oid"),
        active: true,
      })
    ).status,
  ).toBe(201);
  await loggedEvents(wsId, 2);
  const age = async (minutes: number) => {
    const at = new Date(Date.now() - minutes * MINUTE);
    await e2eSql(`UPDATE "ProvisioningEvent" SET "createdAt" = $1 WHERE "workspaceId" = $2`, [at, wsId]);
    await e2eSql(`UPDATE "ScimToken" SET "createdAt" = $1 WHERE "workspaceId" = $2`, [
      new Date(at.getTime() - 5 * MINUTE),
      wsId,
    ]);
    return at;
  };

  // one cycle and a half (60 minutes): Entra may simply be between cycles
  await age(60);
  await openDoctor(page, ws.slug);
  await expect(silence).toHaveAttribute("data-state", "ok");
  await expect(silence).toContainText("Requests arrive within Entra's cycle");

  // more than two cycles (90 minutes)
  const last = await age(90);
  await openDoctor(page, ws.slug);
  await expect(silence).toHaveAttribute("data-state", "warn");
  await expect(silence.getByText("Fix", { exact: true })).toBeVisible();
  await expect(silence).toContainText(
    `No request since ${last.toISOString().slice(0, 16).replace("T", " ")} UTC — more than two Entra cycles (about 40 minutes each).`,
  );
  await expect(silence).toContainText("check that Provisioning Status is On and the job is not in quarantine");
  await expect(silence).toContainText("Test API Credentials");
  // the health card above says the same
  await expect(page.getByText("An active token exists but nothing has arrived since")).toBeVisible();
  await silence.scrollIntoViewIfNeeded();
  await screenshot(page, "doctor-silence-warn");

  // Entra's next cycle arrives
  expect((await scim(token, "GET", "/Users?count=1")).status).toBe(200);
  await loggedEvents(wsId, 3);
  await openDoctor(page, ws.slug);
  await expect(silence).toHaveAttribute("data-state", "ok");
  await expect(silence).toContainText("Requests arrive within Entra's cycle");
  await expect(silence).not.toContainText("No request since");
  await expect(page.getByText("An active token exists but nothing has arrived since")).toHaveCount(0);
});

test("doctor: an externalId that changes for the same member → Fix naming them and the objectId mapping", async ({
  page,
}) => {
  const ws = createWorkspace();
  const { token } = admin("token", "create", "--workspace", ws.slug, "--label", "Entra ID");
  const userName = `${uid("eve")}@example.test`;
  const doc = (externalId: string) => ({
    schemas: [USER],
    userName,
    externalId,
    active: true,
    displayName: "Eve Example",
  });
  const eve = await scim(token, "POST", "/Users", doc("oid-1"));
  expect(eve.status).toBe(201);
  await signIn(page, ws.email, ws.password);
  await openDoctor(page, ws.slug);
  const ext = check(page, "externalid");
  await expect(ext).toHaveAttribute("data-state", "ok");
  await expect(ext).toContainText("Every user create or replace carried an externalId, and none changed.");

  // Entra's externalId mapping is switched from objectId to another attribute: the same member arrives with a new one
  expect((await scim(token, "PUT", `/Users/${eve.json.id}`, doc("mail-eve"))).status).toBe(200);
  await openDoctor(page, ws.slug);
  await expect(ext).toHaveAttribute("data-state", "warn");
  await expect(ext).toContainText("1 member had their externalId change.");
  await expect(ext).not.toContainText("came without an externalId");
  await expect(ext.getByRole("listitem")).toHaveText(userName);
  await expect(ext).toContainText("externalId: Source attribute objectId (never changes)");
});
