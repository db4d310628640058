// Workspace isolation matrix for the admin app (issue 6, "Workspaces never leak"), complementing
// e2e/admin-isolation.spec.ts (which tampers with the real forms in the browser): the owner of workspace B,
// signed in, aims
//   - every admin page and route of the build at workspace A (A's slug, and B's slug with A's ids) → 404
//     with nothing of A in the body;
//   - every server action of app/w/[slug]/**/actions.ts at A's ids, sent over HTTP exactly as the browser
//     sends actions (A's slug, and B's own slug with A's ids in the hidden fields) → refused;
// and A's rows in the database are byte-identical afterwards. Each action is then sent once more with
// B's own ids and must succeed, which proves the refusals came from the workspace checks and not from a
// malformed request. The cells are counted, and the test fails when a page or action of the build is
// missing from the matrix.
import { test, expect, request as playwrightRequest } from "@playwright/test";
import { E2E_URL } from "../playwright.config";
import { admin, createWorkspace, scimFetch, signIn, uid } from "./support";
import { FORM, apiSignIn, appPaths, callAction, query, serverActions, workspaceSnapshot } from "./security-support";
import { e2eSql } from "./sso-support";
import { startOidcOp } from "../tests/support/oidc-op";

test("workspace B's owner on every admin page and server action of workspace A → 404 / refused, A unchanged", async ({
  page,
}) => {
  test.slow();
  // ---- two workspaces with a bit of everything
  const a = createWorkspace();
  const b = createWorkspace();
  const aInvited = admin(
    "user",
    "create",
    "--workspace",
    a.slug,
    "--email",
    `${uid("ai")}@example.test`,
    "--role",
    "member",
    "--name",
    "Ayla Invited",
  );
  const aToken = admin("token", "create", "--workspace", a.slug, "--label", "A secret IdP");
  const aGroup = await scimFetch(aToken.token, "POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "A Secret Group",
  });
  expect(aGroup.status).toBe(201);
  // The provisioning log is written in batches (every 50 ms): wait for the group create's event.
  let aEvent: Awaited<ReturnType<typeof query>>[number] | undefined;
  await expect
    .poll(
      async () => {
        [aEvent] = await query(
          `SELECT e."id" FROM "ProvisioningEvent" e JOIN "Workspace" w ON w."id" = e."workspaceId" WHERE w."slug" = ?`,
          a.slug,
        );
        return aEvent?.id;
      },
      { timeout: 5_000 },
    )
    .toBeTruthy();
  if (!aEvent) throw new Error("no provisioning event");
  const [aWs] = await query(`SELECT "id", "name" FROM "Workspace" WHERE "slug" = ?`, a.slug);
  const [aOwner] = await query(`SELECT "id" FROM "Member" WHERE "workspaceId" = ? AND "role" = 'owner'`, aWs.id);

  // A's owner adds a domain and an OpenID Connect connection through the real actions (the issuer is the
  // test OpenID provider on loopback: an issuer whose discovery fails is not saved)
  const op = await startOidcOp([`${E2E_URL}/api/sso/oidc/callback`]);
  const aOwnerCtx = await playwrightRequest.newContext({ baseURL: E2E_URL });
  await apiSignIn(aOwnerCtx, a.email, a.password);
  const aDomainName = `${uid("a")}.example.com`;
  const added = await callAction(aOwnerCtx, {
    page: `/w/${a.slug}/settings/domains`,
    action: "addDomainAction",
    args: [a.slug, {}, FORM],
    fields: { domain: aDomainName },
  });
  expect(added.result?.message, added.text.slice(0, 300)).toContain(aDomainName);
  const oidc = await callAction(aOwnerCtx, {
    page: `/w/${a.slug}/settings/sso`,
    action: "saveOidcAction",
    args: [a.slug, {}, FORM],
    fields: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret },
  });
  expect(oidc.result?.ok, oidc.text.slice(0, 300)).toBeTruthy();
  await op.close();
  // a webhook endpoint (loopback is allowed in the e2e server's SSO_FETCH_ALLOW_HOSTS; nothing is sent to it)
  const hook = await callAction(aOwnerCtx, {
    page: `/w/${a.slug}/settings/webhooks`,
    action: "createEndpointAction",
    args: [a.slug, {}, FORM],
    fields: { url: "http://127.0.0.1:9/a-secret-hook", description: "A secret hook" },
  });
  expect(hook.result?.ok, hook.text.slice(0, 300)).toBeTruthy();
  await aOwnerCtx.dispose();
  const [aDomain] = await query(`SELECT "id" FROM "Domain" WHERE "domain" = ?`, aDomainName);
  const [aEndpoint] = await query(`SELECT "id" FROM "WebhookEndpoint" WHERE "workspaceId" = ?`, aWs.id);
  // and a suspension the guardrail holds for A's owners to decide
  await e2eSql(
    `INSERT INTO "DeprovisionIntent" ("id", "workspaceId", "memberId", "kind", "state", "method", "path", "userName", "createdAt") VALUES ($1, $2, $3, 'suspend', 'held', 'PATCH', '/scim/v2/Users/x', $4, $5)`,
    [crypto.randomUUID(), aWs.id, aInvited.id, aInvited.userName, new Date()],
  );

  const bInvited = admin(
    "user",
    "create",
    "--workspace",
    b.slug,
    "--email",
    `${uid("bi")}@example.test`,
    "--role",
    "member",
  );
  const bSpare = admin(
    "user",
    "create",
    "--workspace",
    b.slug,
    "--email",
    `${uid("bs")}@example.test`,
    "--password",
    "spare-password-1",
    "--role",
    "member",
  );
  const bToken = admin("token", "create", "--workspace", b.slug, "--label", "B IdP");
  const secrets = [a.email, aInvited.userName, "Ayla Invited", "A Secret Group", "A secret IdP", aWs.name as string];
  const moreSecrets = () => [aDomainName, "a-client", "a-secret-hook", "A secret hook"];

  await signIn(page, b.email, b.password);
  const before = await workspaceSnapshot(a.slug);

  // ---- pages and routes
  const pages = [
    `/w/${a.slug}`,
    `/w/${a.slug}/members`,
    `/w/${a.slug}/members/${aInvited.id}`,
    `/w/${a.slug}/members/${aOwner.id}`,
    `/w/${a.slug}/groups`,
    `/w/${a.slug}/groups/${aGroup.json.id}`,
    `/w/${a.slug}/log`,
    `/w/${a.slug}/log/${aEvent.id}`,
    `/w/${a.slug}/log/export`,
    `/w/${a.slug}/settings`,
    `/w/${a.slug}/settings/sso`,
    `/w/${a.slug}/settings/domains`,
    `/w/${a.slug}/profile`,
    `/w/${a.slug}/audit`,
    `/w/${a.slug}/audit/export`,
    `/w/${a.slug}/setup-status`,
    `/w/${a.slug}/doctor-status`,
    `/w/${a.slug}/guardrail`,
    `/w/${a.slug}/settings/webhooks`,
    `/w/${a.slug}/settings/webhooks/${aEndpoint.id}`,
    // B's own slug with A's ids
    `/w/${b.slug}/members/${aInvited.id}`,
    `/w/${b.slug}/members/${aOwner.id}`,
    `/w/${b.slug}/groups/${aGroup.json.id}`,
    `/w/${b.slug}/log/${aEvent.id}`,
    `/w/${b.slug}/settings/webhooks/${aEndpoint.id}`,
  ];
  // every admin route of the build is in the list (by its pattern)
  const pattern = (p: string) =>
    p
      .replace(`/w/${a.slug}`, "/w/[slug]")
      .replace(`/w/${b.slug}`, "/w/[slug]")
      .replace(/\/members\/[^/]+$/, "/members/[memberId]")
      .replace(/\/groups\/[^/]+$/, "/groups/[groupId]")
      .replace(/\/log\/(?!export$)[^/]+$/, "/log/[eventId]")
      .replace(/\/webhooks\/[^/]+$/, "/webhooks/[endpointId]");
  const adminRoutes = appPaths()
    .filter((p) => p.startsWith("/w/[slug]"))
    .sort();
  expect([...new Set(pages.map(pattern))].sort()).toEqual(adminRoutes);

  let pageCells = 0;
  for (const path of pages) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(404);
    const body = await res.text();
    for (const s of [...secrets, ...moreSecrets()]) expect(body, `${path} leaks "${s}"`).not.toContain(s);
    pageCells++;
  }
  // and in the browser, the rendered page shows nothing of A either
  for (const path of [`/w/${a.slug}/members`, `/w/${b.slug}/members/${aInvited.id}`]) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(404);
    await expect(page.getByText("Ayla Invited")).toHaveCount(0);
  }

  // ---- server actions
  // Each row: the page that hosts the action, which id it takes (if any), its arguments for a slug and an
  // id (the admin forms send everything as form fields; the SSO and domain forms bind the slug and the
  // domain id as arguments before the FormData), and the form fields.
  type Id = "memberId" | "tokenId" | "domainId" | "endpointId";
  interface Row {
    page: (slug: string) => string;
    id?: Id;
    args?: (slug: string, id?: string) => unknown[];
    fields: (slug: string, id?: string) => Record<string, string>;
    single?: boolean;
  }
  const memberPage = (slug: string) => `/w/${slug}/members/${slug === b.slug ? bSpare.id : aInvited.id}`;
  const settingsPage = (slug: string) => `/w/${slug}/settings`;
  const ssoPage = (slug: string) => `/w/${slug}/settings/sso`;
  const domainsPage = (slug: string) => `/w/${slug}/settings/domains`;
  const webhooksPage = (slug: string) => `/w/${slug}/settings/webhooks`;
  const guardrailPage = (slug: string) => `/w/${slug}/guardrail`;
  const form = (extra: Record<string, string>, idField?: Id) => (slug: string, id?: string) => ({
    slug,
    ...(idField && id ? { [idField]: id } : {}),
    ...extra,
  });
  const bound =
    (extra: Record<string, string> = {}) =>
    (_slug: string) =>
      extra;
  const table: Record<string, Row> = {
    inviteMembersAction: {
      page: memberPage,
      fields: form({ emails: `${uid("new")}@example.test`, role: "admin", name: "Mallory" }),
    },
    createInviteLinkAction: { page: memberPage, id: "memberId", fields: form({}, "memberId") },
    changeRoleAction: { page: memberPage, id: "memberId", fields: form({ role: "admin" }, "memberId") },
    setSuspendedAction: { page: memberPage, id: "memberId", fields: form({ suspend: "true" }, "memberId") },
    removeMemberAction: { page: memberPage, id: "memberId", fields: form({}, "memberId") },
    confirmLinkAction: { page: memberPage, id: "memberId", fields: form({}, "memberId") },
    detachLinkAction: { page: memberPage, id: "memberId", fields: form({}, "memberId") },
    createTokenAction: { page: settingsPage, fields: form({ label: "Stolen", expiresInDays: "" }), single: true },
    revokeTokenAction: { page: settingsPage, id: "tokenId", fields: form({}, "tokenId") },
    // (after revokeTokenAction: the positive control removes B's token once it is revoked)
    removeTokenAction: { page: settingsPage, id: "tokenId", fields: form({}, "tokenId") },
    saveRetentionAction: { page: settingsPage, fields: form({ retentionDays: "1" }) },
    saveOffboardingAction: { page: settingsPage, fields: form({ deleteAction: "suspend", removeAfterDays: "1" }) },
    addDomainAction: {
      page: domainsPage,
      args: (slug) => [slug, {}, FORM],
      fields: bound({ domain: `${uid("stolen")}.example.com` }),
    },
    verifyDomainAction: { page: domainsPage, id: "domainId", args: (slug, id) => [slug, id, {}], fields: bound() },
    renewDomainAction: { page: domainsPage, id: "domainId", args: (slug, id) => [slug, id, {}], fields: bound() },
    removeDomainAction: { page: domainsPage, id: "domainId", args: (slug, id) => [slug, id, {}], fields: bound() },
    saveSamlAction: {
      page: ssoPage,
      args: (slug) => [slug, {}, FORM],
      fields: bound({
        entityId: "https://evil.example/idp",
        ssoUrl: "https://evil.example/sso",
        cert: "not a certificate",
      }),
    },
    saveOidcAction: {
      page: ssoPage,
      args: (slug) => [slug, {}, FORM],
      fields: bound({ issuer: "http://127.0.0.1:1", clientId: "mallory", clientSecret: "x" }),
    },
    saveOptionsAction: { page: ssoPage, args: (slug) => [slug, {}, FORM], fields: bound({ enforce: "on", jit: "on" }) },
    resetLinksAction: { page: ssoPage, args: (slug) => [slug, {}], fields: bound() },
    removeSsoAction: { page: ssoPage, args: (slug) => [slug, {}], fields: bound() },
    testSsoAction: { page: ssoPage, args: (slug) => [slug], fields: bound() },
    createEndpointAction: {
      page: webhooksPage,
      args: (slug) => [slug, {}, FORM],
      fields: bound({ url: "http://127.0.0.1:9/stolen", description: "Mallory" }),
    },
    rotateSecretAction: { page: webhooksPage, id: "endpointId", args: (slug, id) => [slug, id, {}], fields: bound() },
    sendTestEventAction: { page: webhooksPage, id: "endpointId", args: (slug, id) => [slug, id, {}], fields: bound() },
    retryDeliveryAction: {
      page: webhooksPage,
      id: "endpointId",
      args: (slug, id) => [slug, id, {}, FORM],
      fields: bound({ seq: "1" }),
    },
    deleteEndpointAction: { page: webhooksPage, id: "endpointId", fields: form({}, "endpointId") },
    approveHeldAction: { page: guardrailPage, fields: form({}) },
    discardHeldAction: { page: guardrailPage, fields: form({}) },
    saveGuardSettingsAction: {
      page: guardrailPage,
      fields: form({ enabled: "off", windowMinutes: "60", thresholdPercent: "10", minPeople: "10" }),
    },
  };
  // every server action of the workspace admin (app/w/[slug]/**/actions.ts) is in the table
  const built = [...serverActions()]
    .filter(([, v]) => v.filename.startsWith("app/w/[slug]/"))
    .map(([name]) => name)
    .sort();
  expect(built).toEqual(Object.keys(table).sort());

  const call = (action: string, slug: string, id?: string) => {
    const t = table[action];
    return callAction(page.request, {
      page: t.page(b.slug),
      action,
      fields: t.fields(slug, id),
      args: t.args?.(slug, id),
      singleArgument: t.single,
    });
  };
  const refusal = (r: NonNullable<Awaited<ReturnType<typeof call>>["result"]>) => r.errors?.form ?? r.error ?? "";
  const aIds: Record<Id, string[]> = {
    memberId: [aInvited.id, aOwner.id as string],
    tokenId: [aToken.id],
    domainId: [aDomain.id as string],
    endpointId: [aEndpoint.id as string],
  };
  let actionCells = 0;
  for (const [action, t] of Object.entries(table)) {
    // A's slug (B's owner is no admin there); and, for actions that take an id, B's own slug with A's ids
    const variants: { slug: string; id?: string }[] = t.id
      ? [a.slug, b.slug].flatMap((slug) => aIds[t.id!].map((id) => ({ slug, id })))
      : [{ slug: a.slug }];
    for (const v of variants) {
      const res = await call(action, v.slug, v.id);
      const where = `${action} slug=${v.slug === a.slug ? "A" : "B"} ${t.id ?? ""}`;
      expect(res.status, where).toBe(200);
      if (action === "testSsoAction") {
        // refused with a redirect back to A's settings page (a 404 for B), never to an identity provider
        expect(res.redirect, where).toContain(`/w/${a.slug}/settings/sso`);
      } else {
        expect(res.result, `${where}: ${res.text.slice(0, 300)}`).not.toBeNull();
        expect(res.result!.ok, where).toBeFalsy();
        expect(refusal(res.result!), where).toMatch(
          v.slug === a.slug
            ? /not allowed|Only workspace owners/
            : /No such (member|token|domain|link|webhook endpoint)/,
        );
      }
      for (const s of [...secrets, ...moreSecrets()]) expect(res.text, `${where} leaks "${s}"`).not.toContain(s);
      actionCells++;
    }
  }
  // admin forms: 4 without an id + 6 member actions × 2 slugs × 2 members + token revoke and remove × 2 slugs;
  // SSO and domains: 7 without an id + 3 domain actions × 2 slugs × 1 domain; webhooks: 1 without an id +
  // 4 endpoint actions × 2 slugs × 1 endpoint; the guardrail's 3
  expect(actionCells).toBe(4 + 6 * 4 + 2 * 2 + 7 + 3 * 2 + 1 + 4 * 2 + 3);
  expect(pageCells + actionCells).toBe(25 + 57);

  // A is byte-identical: members, groups, memberships, tokens, invitations, settings, SSO, domains
  expect(await workspaceSnapshot(a.slug)).toBe(before);

  // ---- positive control: the same calls with B's own ids are accepted by the workspace checks (they
  // succeed, or fail on their own merits), so the refusals above were the checks at work, not malformed
  // requests
  const bDomainName = `${uid("b")}.example.com`;
  const bAdd = await callAction(page.request, {
    page: domainsPage(b.slug),
    action: "addDomainAction",
    args: [b.slug, {}, FORM],
    fields: { domain: bDomainName },
  });
  expect(bAdd.result?.message).toContain(bDomainName);
  const [bDomain] = await query(`SELECT "id" FROM "Domain" WHERE "domain" = ?`, bDomainName);
  const bHook = await callAction(page.request, {
    page: webhooksPage(b.slug),
    action: "createEndpointAction",
    args: [b.slug, {}, FORM],
    fields: { url: "http://127.0.0.1:9/b-hook" },
  });
  expect(bHook.result?.ok, bHook.text.slice(0, 300)).toBeTruthy();
  const [bEndpoint] = await query(`SELECT "id" FROM "WebhookEndpoint" WHERE "url" = ?`, "http://127.0.0.1:9/b-hook");
  const bIds: Record<Id, string> = {
    memberId: bSpare.id,
    tokenId: bToken.id,
    domainId: bDomain.id as string,
    endpointId: bEndpoint.id as string,
  };
  // two of B's members carry links the identity migration marked for review (confirm one, detach the other)
  const bReview = [
    admin(
      "user",
      "create",
      "--workspace",
      b.slug,
      "--email",
      `${uid("br")}@example.test`,
      "--password",
      "review-password-1",
      "--role",
      "member",
    ),
    admin(
      "user",
      "create",
      "--workspace",
      b.slug,
      "--email",
      `${uid("br")}@example.test`,
      "--password",
      "review-password-1",
      "--role",
      "member",
    ),
  ];
  for (const m of bReview)
    await e2eSql(`UPDATE "Member" SET "linkReview" = 'attached_existing' WHERE "id" = $1`, [m.id]);
  const reviewIds: Record<string, string> = { confirmLinkAction: bReview[0].id, detachLinkAction: bReview[1].id };
  const last = ["removeMemberAction", "removeDomainAction", "deleteEndpointAction"];
  const order = [...Object.keys(table).filter((n) => !last.includes(n)), ...last];
  let controls = 0;
  for (const action of order) {
    const t = table[action];
    const id =
      action === "createInviteLinkAction" ? bInvited.id : (reviewIds[action] ?? (t.id ? bIds[t.id] : undefined));
    const res = await call(action, b.slug, id);
    const where = `${action} in B: ${res.text.slice(0, 300)}`;
    if (action === "testSsoAction") {
      expect(res.redirect, where).toContain(`/w/${b.slug}/settings/sso`); // B has no SSO configured: back with a reason
      expect(res.redirect, where).toContain("testError=");
    } else {
      expect(res.result, where).not.toBeNull();
      expect(refusal(res.result!), where).not.toMatch(/not allowed|Only workspace owners|No such/);
      // all succeed, except a DNS check of a domain with no TXT record, a SAML form with a bogus certificate,
      // an OIDC issuer on a closed port (its discovery fails, so it is not saved) and therefore the sign-in
      // policy of B, which has no identity provider configured
      if (action === "verifyDomainAction") expect(res.result!.errors?.form, where).toBeTruthy();
      else if (action === "saveSamlAction") expect(res.result!.errors?.cert, where).toBeTruthy();
      else if (action === "saveOidcAction") expect(res.result!.errors?.issuer, where).toMatch(/^Not saved/);
      else if (action === "saveOptionsAction")
        expect(res.result!.errors?.form, where).toMatch(/Configure the identity provider first/);
      // delivery 1 is B's test event when this run's database had no deliveries before (else it is not B's)
      else if (action === "retryDeliveryAction")
        expect(
          res.result!.ok || /already delivered or does not exist/.test(res.result!.errors?.form ?? ""),
          where,
        ).toBe(true);
      else expect(res.result!.ok, where).toBeTruthy();
    }
    controls++;
  }
  expect(controls).toBe(Object.keys(table).length);
  expect(await workspaceSnapshot(a.slug)).toBe(before);
  console.log(
    `admin isolation matrix: ${pageCells} page cells + ${actionCells} action cells = ${pageCells + actionCells}`,
  );
});
