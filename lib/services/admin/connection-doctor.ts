// The connection doctor of the Connect SCIM page: setup milestones ticked from the provisioning log, and
// mapping checks computed from the last 7 days of traffic, each with a plain explanation and the Entra
// ID / Okta setting that fixes it. Reads only the log (names and ids, never payloads) and stored members.
import { getDb } from "@/lib/db/client";
import { foldCase } from "@/lib/scim/fold";
import { emailDomain, isEmailAddress } from "@/lib/identity/email-domain";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";
import { silence } from "./health";

const WINDOW_MS = 7 * 86_400_000;
const MAX_EVENTS = 5000;
const EXAMPLES = 3;
/** Failed requests in 24 hours from which Entra's quarantine is a risk (it quarantines after sustained failures). */
export const FAILURE_THRESHOLD = 3;

/** Attributes the app acts on: columns it filters, shows in lists, signs in with, or derives roles and the
 * manager from. Everything else an identity provider sends is kept and returned as sent (and shown on the
 * member's page) but changes nothing here — that is what "ignored" means below. */
export const USED_ATTRIBUTES = new Set([
  "userName",
  "externalId",
  "active",
  "displayName",
  "name.givenName",
  "name.familyName",
  "emails",
  "title",
  "userType",
  "manager",
]);

export interface SetupStep {
  id: "test" | "user" | "group" | "deactivation";
  label: string;
  at: Date | null;
}

export interface RecentRequest {
  id: string;
  createdAt: Date;
  method: string;
  path: string;
  query: string | null;
  status: number;
  userName: string | null;
}

export interface LiveSetup {
  steps: SetupStep[];
  recent: RecentRequest[];
}

const fromIdp = { tokenId: { not: null }, method: { not: "POLICY" } } as const;

/** `known`: steps the caller already saw done (the polling page), not looked up again — on a large log a
 * step that never happens (no groups mapped) would otherwise be searched for every few seconds. */
export async function liveSetup(workspaceId: string, known: ReadonlySet<string> = new Set()): Promise<LiveSetup> {
  const db = await getDb();
  await flushProvisioningLog();
  const first = (where: object, step: SetupStep["id"]): Promise<Date | null> =>
    known.has(step)
      ? Promise.resolve(null)
      : db.provisioningEvent
          .findFirst({
            where: { workspaceId, ...fromIdp, ...where },
            orderBy: { createdAt: "asc" },
            select: { createdAt: true },
          })
          .then((e) => e?.createdAt ?? null);
  const [test, user, group, soft, hard, recent] = await Promise.all([
    first({ method: "GET", path: { endsWith: "/Users" }, query: { contains: " eq " }, status: 200 }, "test"),
    first({ method: "POST", resourceType: "User", status: 201 }, "user"),
    first({ method: "POST", resourceType: "Group", status: 201 }, "group"),
    first(
      { method: { in: ["PATCH", "PUT"] }, resourceType: "User", status: 200, changes: { contains: '"active":false' } },
      "deactivation",
    ),
    first({ method: "DELETE", resourceType: "User", status: 204 }, "deactivation"),
    db.provisioningEvent.findMany({
      where: { workspaceId, ...fromIdp },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 8,
      select: { id: true, createdAt: true, method: true, path: true, query: true, status: true, userName: true },
    }),
  ]);
  const deactivation = soft && hard ? (soft < hard ? soft : hard) : (soft ?? hard);
  return {
    steps: [
      { id: "test", label: "Test Connection received", at: test },
      { id: "user", label: "First user provisioned", at: user },
      { id: "group", label: "First group provisioned", at: group },
      { id: "deactivation", label: "First deactivation understood", at: deactivation },
    ],
    recent,
  };
}

export type CheckState = "ok" | "warn" | "info" | "unknown";

export interface DoctorCheck {
  id:
    | "username-email"
    | "username-domain"
    | "username-sso"
    | "active"
    | "externalid"
    | "ignored"
    | "failures"
    | "silence";
  title: string;
  state: CheckState;
  /** what was observed, in plain words */
  summary: string;
  examples: string[];
  /** the setting to change, per identity provider (only when state is warn/info) */
  fix?: { entra: string; okta: string };
}

const WRITE = ["POST", "PUT", "PATCH"];
/** Answers Entra and Okta handle without retrying (a lookup miss, a duplicate on create, a stale ETag). */
const EXPECTED = (e: { method: string; status: number }) =>
  e.status === 404 || (e.method === "POST" && e.status === 409) || e.status === 412;

/** "1 userName is" / "2 userNames are" */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const parseList = (s: string | null): string[] => {
  if (!s) return [];
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

export async function doctorChecks(workspaceId: string, now = new Date()): Promise<DoctorCheck[]> {
  const db = await getDb();
  await flushProvisioningLog();
  const since = new Date(now.getTime() - WINDOW_MS);
  const activeToken = { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const [events, domains, linked, newestToken] = await Promise.all([
    db.provisioningEvent.findMany({
      where: { workspaceId, ...fromIdp, createdAt: { gte: since } },
      orderBy: { createdAt: "desc" },
      take: MAX_EVENTS,
      select: {
        createdAt: true,
        method: true,
        path: true,
        status: true,
        detail: true,
        resourceType: true,
        resourceId: true,
        userName: true,
        externalId: true,
        sentAttributes: true,
      },
    }),
    db.domain.findMany({ where: { workspaceId, verifiedAt: { not: null } }, select: { verifiedDomain: true } }),
    db.member.findMany({
      where: { workspaceId, source: "scim", ssoSubject: { not: null }, account: { isNot: null } },
      select: { userName: true, userNameLower: true, emailLower: true, account: { select: { email: true } } },
      take: 1000,
    }),
    db.scimToken.findFirst({ where: activeToken, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  const users = events.filter((e) => e.resourceType === "User" && e.status < 400);
  const writes = users.filter((e) => WRITE.includes(e.method));
  const userNames = [...new Set(users.map((e) => e.userName).filter((u): u is string => !!u))];
  const checks: DoctorCheck[] = [];
  const noUsers = "No user requests from the identity provider in the last 7 days yet.";

  // userName is an email
  const notEmail = userNames.filter((u) => !isEmailAddress(u));
  checks.push({
    id: "username-email",
    title: "userName is an email address",
    state: !userNames.length ? "unknown" : notEmail.length ? "warn" : "ok",
    summary: !userNames.length
      ? noUsers
      : notEmail.length
        ? `${notEmail.length} of ${count(userNames.length, "userName", "userNames")} seen ${notEmail.length === 1 ? "is" : "are"} not an email address. People sign in with their email, so these members cannot be matched to an account or an SSO sign-in.`
        : `All ${userNames.length} userNames seen are email addresses.`,
    examples: notEmail.slice(0, EXAMPLES),
    fix: notEmail.length
      ? {
          entra:
            "Enterprise application → Provisioning → Mappings → Provision Microsoft Entra ID Users → userName: set Source attribute to userPrincipalName (or mail).",
          okta: "Application → Sign On → Credentials Details → Application username format: Email (Provisioning → To App maps userName from it).",
        }
      : undefined,
  });

  // on a verified domain
  const verified = new Set(domains.map((d) => d.verifiedDomain));
  const offDomain = userNames.filter((u) => isEmailAddress(u) && !verified.has(emailDomain(u) ?? ""));
  checks.push({
    id: "username-domain",
    title: "userName is on a verified domain",
    state: !userNames.length ? "unknown" : offDomain.length ? "warn" : "ok",
    summary: !userNames.length
      ? noUsers
      : offDomain.length
        ? `${count(offDomain.length, "userName is on a domain", "userNames are on domains")} this workspace has not verified${verified.size ? "" : " (it has verified none)"}. Such members are not linked to their accounts and cannot sign in with SSO.`
        : "Every email userName seen is on a verified domain.",
    examples: offDomain.slice(0, EXAMPLES),
    fix: offDomain.length
      ? {
          entra:
            "Verify the domain under Workspace settings → Domains, or map userName (Provisioning → Mappings → userName) to an attribute on a verified domain, such as mail.",
          okta: "Verify the domain under Workspace settings → Domains, or change Application username format (Sign On tab) to an email on a verified domain.",
        }
      : undefined,
  });

  // matches what SSO asserts (stored SSO links: the account a member signed in to with SSO)
  const mismatched = linked.filter((m) => {
    const asserted = foldCase(m.account!.email);
    return asserted !== m.userNameLower && asserted !== m.emailLower;
  });
  checks.push({
    id: "username-sso",
    title: "userName matches what SSO signs in with",
    state: !linked.length ? "unknown" : mismatched.length ? "warn" : "ok",
    summary: !linked.length
      ? "No member provisioned by SCIM has signed in with SSO yet, so there is nothing to compare."
      : mismatched.length
        ? `${mismatched.length} of ${linked.length} members who signed in with SSO are known to SCIM under a different userName than the email SSO asserts. When the SSO link is reset, they will not be matched again.`
        : `All ${linked.length} members who signed in with SSO have the same userName in SCIM.`,
    examples: mismatched.slice(0, EXAMPLES).map((m) => `${m.userName} ≠ ${m.account!.email}`),
    fix: mismatched.length
      ? {
          entra:
            "Use one source attribute for both: Provisioning → Mappings → userName and Single sign-on → Attributes & Claims → Unique User Identifier (Name ID) should both be user.userprincipalname (or both user.mail).",
          okta: "Sign On → Application username format and Provisioning → To App → userName must be the same attribute (e.g. both Email).",
        }
      : undefined,
  });

  // active mapped
  const withNames = writes.filter((e) => e.sentAttributes !== null);
  const activeSeen = withNames.some((e) => parseList(e.sentAttributes).includes("active"));
  const fullDocs = withNames.filter((e) => e.method !== "PATCH").length;
  checks.push({
    id: "active",
    title: "Deactivation (active) is mapped",
    state: activeSeen ? "ok" : fullDocs ? "warn" : "unknown",
    summary: activeSeen
      ? "The identity provider sends active, so people it disables are suspended here."
      : fullDocs
        ? `${count(fullDocs, "user create or replace", "user creates or replaces")} arrived without an active attribute. Without it, people disabled in the identity provider keep their access here until they are deleted.`
        : "No user create or replace seen in the last 7 days.",
    examples: [],
    fix:
      !activeSeen && fullDocs
        ? {
            entra:
              'Provisioning → Mappings → Provision Microsoft Entra ID Users → Add New Mapping: Expression Switch([IsSoftDeleted], , "False", "True", "True", "False") → target attribute active.',
            okta: "Provisioning → To App → enable Deactivate Users (Okta then sends active=false).",
          }
        : undefined,
  });

  // externalId present and stable
  const missing = writes.filter((e) => e.method !== "PATCH" && !e.externalId);
  const byResource = new Map<string, Set<string>>();
  for (const e of users)
    if (e.resourceId && e.externalId)
      byResource.set(e.resourceId, (byResource.get(e.resourceId) ?? new Set()).add(e.externalId));
  const changing = [...byResource.entries()].filter(([, ids]) => ids.size > 1);
  const changingNames = changing.map(([id]) => users.find((e) => e.resourceId === id)?.userName ?? id);
  checks.push({
    id: "externalid",
    title: "externalId is sent and stays the same",
    state: !writes.length ? "unknown" : missing.length || changing.length ? "warn" : "ok",
    summary: !writes.length
      ? noUsers
      : missing.length || changing.length
        ? [
            missing.length ? `${count(missing.length, "user write", "user writes")} came without an externalId.` : "",
            changing.length ? `${count(changing.length, "member", "members")} had their externalId change.` : "",
          ]
            .filter(Boolean)
            .join(" ") +
          " The externalId ties a member to one person in the directory; without a stable one, a rename can look like a new person."
        : "Every user create or replace carried an externalId, and none changed.",
    examples: [...new Set([...missing.map((e) => e.userName ?? e.resourceId ?? ""), ...changingNames])]
      .filter(Boolean)
      .slice(0, EXAMPLES),
    fix:
      missing.length || changing.length
        ? {
            entra:
              "Provisioning → Mappings → Provision Microsoft Entra ID Users → externalId: Source attribute objectId (never changes). Remove any other mapping that targets externalId.",
            okta: "Okta sends its user id as externalId; check Provisioning → To App that no custom expression overrides externalId.",
          }
        : undefined,
  });

  // attributes the app ignores
  const ignored = new Map<string, number>();
  for (const e of withNames)
    for (const a of parseList(e.sentAttributes))
      if (!USED_ATTRIBUTES.has(a) && !USED_ATTRIBUTES.has(a.split(".")[0])) ignored.set(a, (ignored.get(a) ?? 0) + 1);
  const ignoredNames = [...ignored.keys()].sort();
  checks.push({
    id: "ignored",
    title: "No unnecessary attributes are sent",
    state: !withNames.length ? "unknown" : ignoredNames.length ? "info" : "ok",
    summary: !withNames.length
      ? noUsers
      : ignoredNames.length
        ? `The identity provider sends ${count(ignoredNames.length, "attribute", "attributes")} this app stores and returns but does not act on (not used for sign-in, roles, lists or search): ${ignoredNames.slice(0, 8).join(", ")}${ignoredNames.length > 8 ? ", …" : ""}. Each change to them is a request in every cycle.`
        : "Every attribute sent is one the app uses.",
    examples: [],
    fix: ignoredNames.length
      ? {
          entra:
            "Provisioning → Mappings → Provision Microsoft Entra ID Users: delete the mappings for these attributes (Microsoft's guide: remove unnecessary mappings).",
          okta: "Provisioning → To App → Attribute Mappings: remove these attributes from the mapping.",
        }
      : undefined,
  });

  // failing repeatedly
  const dayAgo = now.getTime() - 86_400_000;
  const failures = events.filter((e) => e.status >= 400 && !EXPECTED(e) && e.createdAt.getTime() >= dayAgo);
  const kinds = new Map<string, number>();
  for (const f of failures)
    kinds.set(
      `${f.method} ${f.path.replace(/\/[0-9a-f-]{8,}$/i, "/{id}")} → ${f.status}${f.detail ? `: ${f.detail.slice(0, 120)}` : ""}`,
      (kinds.get(
        `${f.method} ${f.path.replace(/\/[0-9a-f-]{8,}$/i, "/{id}")} → ${f.status}${f.detail ? `: ${f.detail.slice(0, 120)}` : ""}`,
      ) ?? 0) + 1,
    );
  checks.push({
    id: "failures",
    title: "Requests are not failing repeatedly",
    state: failures.length >= FAILURE_THRESHOLD ? "warn" : "ok",
    summary:
      failures.length >= FAILURE_THRESHOLD
        ? `${count(failures.length, "request", "requests")} failed in the last 24 hours. Entra ID puts a provisioning job that keeps failing into quarantine and then syncs only rarely.`
        : failures.length
          ? `${count(failures.length, "request", "requests")} failed in the last 24 hours; not enough to risk quarantine.`
          : "No failed requests in the last 24 hours.",
    examples: [...kinds.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, EXAMPLES)
      .map(([k, n]) => `${n}× ${k}`),
    fix:
      failures.length >= FAILURE_THRESHOLD
        ? {
            entra:
              "Fix the cause shown (see the provisioning log), then Provisioning → Restart provisioning; check Provisioning logs in Entra for quarantine.",
            okta: "Fix the cause shown, then retry the failed tasks under Dashboard → Tasks.",
          }
        : undefined,
  });

  // contact within two cycles
  const last =
    events[0]?.createdAt ??
    (
      await db.provisioningEvent.findFirst({
        where: { workspaceId, ...fromIdp },
        orderBy: { createdAt: "desc" },
        select: { createdAt: true },
      })
    )?.createdAt ??
    null;
  const quiet = newestToken ? silence(last, newestToken.createdAt, now) : null;
  checks.push({
    id: "silence",
    title: "The identity provider is in contact",
    state: !newestToken ? "unknown" : quiet ? "warn" : "ok",
    summary: !newestToken
      ? "No active SCIM token."
      : quiet
        ? `No request since ${quiet.toISOString().slice(0, 16).replace("T", " ")} UTC — more than two Entra cycles (about 40 minutes each).`
        : last
          ? "Requests arrive within Entra's cycle (about every 40 minutes)."
          : "Waiting for the first request.",
    examples: [],
    fix: quiet
      ? {
          entra:
            "Enterprise application → Provisioning: check that Provisioning Status is On and the job is not in quarantine; Test Connection with the Tenant URL and a current token.",
          okta: "Application → Provisioning → Integration: Test API Credentials, and check that the To App features are enabled.",
        }
      : undefined,
  });
  return checks;
}
