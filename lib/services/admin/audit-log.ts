// Audit-log queries: filters shared by the audit page and its CSV export, keyset pages on (createdAt, id)
// newest first (as the provisioning log, admin/events.ts), and batched reads for streaming exports.
import { getDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/generated/sqlite/client";
import { AUDIT_ACTIONS } from "@/lib/services/audit";
import { containsText, searchText } from "./text-match";
import { decodeCursor, encodeCursor, toPage, type Page, type PageRequest } from "./keyset";

export interface AuditFilter {
  /** an action (member.suspended) or a whole kind (member) */
  action?: string;
  /** actor name text, or "operator" */
  actor?: string;
  /** target label or id text */
  target?: string;
  /** YYYY-MM-DD, inclusive, UTC */
  from?: string;
  to?: string;
}

export const AUDIT_KINDS = {
  member: "Members",
  invitation: "Invites",
  token: "SCIM tokens",
  sso: "Single sign-on",
  domain: "Domains",
  workspace: "Workspace",
  link: "Account links",
  guardrail: "Deprovisioning guardrail",
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(s: string | undefined, end: boolean): Date | null {
  if (!s || !DAY.test(s)) return null;
  const d = new Date(`${s}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime())) return null;
  return end ? new Date(d.getTime() + 86_400_000) : d;
}

/** Reads the filter from the URL, ignoring unknown values. */
export function readAuditFilter(sp: Record<string, string | string[] | undefined> | URLSearchParams): AuditFilter {
  const get = (k: string) => {
    const v = sp instanceof URLSearchParams ? sp.get(k) : sp[k];
    return ((Array.isArray(v) ? v[0] : v) || undefined)?.slice(0, 200);
  };
  const action = get("action");
  return {
    action: action && (action in AUDIT_ACTIONS || action in AUDIT_KINDS) ? action : undefined,
    actor: get("actor"),
    target: get("target"),
    from: day(get("from"), false) ? get("from") : undefined,
    to: day(get("to"), true) ? get("to") : undefined,
  };
}

export function auditFilterParams(f: AuditFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => !!e[1]));
}

export function auditWhere(workspaceId: string, f: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (f.action) and.push(f.action in AUDIT_ACTIONS ? { action: f.action } : { action: { startsWith: `${f.action}.` } });
  const actor = searchText(f.actor);
  if (actor)
    and.push(
      actor.toLowerCase() === "operator"
        ? { actorMemberId: null, actorLabel: { not: "system" } }
        : { actorLabel: containsText(actor) },
    );
  const target = searchText(f.target);
  if (target) and.push({ OR: [{ targetLabel: containsText(target) }, { targetId: target }] });
  const from = day(f.from, false);
  const to = day(f.to, true);
  if (from) and.push({ createdAt: { gte: from } });
  if (to) and.push({ createdAt: { lt: to } });
  return { workspaceId, AND: and };
}

type Key = [string, string];
const keyOf = (e: { createdAt: Date; id: string }): Key => [e.createdAt.toISOString(), e.id];

function validKey(raw: string | null | undefined): Key | null {
  const k = decodeCursor(raw, 2);
  if (!k || typeof k[0] !== "string" || typeof k[1] !== "string" || Number.isNaN(Date.parse(k[0]))) return null;
  return [k[0], k[1]];
}

function keyWhere(key: Key, dir: "older" | "newer"): Prisma.AuditEventWhereInput {
  const at = new Date(key[0]);
  return dir === "older"
    ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: key[1] } }] }
    : { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: key[1] } }] };
}

export type AuditRow = Prisma.AuditEventGetPayload<object>;

/** One page of the audit log, newest first. */
export async function listAuditIn(
  db: Db,
  workspaceId: string,
  f: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditRow>> {
  const after = validKey(page.after);
  const before = after ? null : validKey(page.before);
  const where = auditWhere(workspaceId, f);
  if (after) (where.AND as Prisma.AuditEventWhereInput[]).push(keyWhere(after, "older"));
  if (before) (where.AND as Prisma.AuditEventWhereInput[]).push(keyWhere(before, "newer"));
  const dir = before ? "asc" : "desc";
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ createdAt: dir }, { id: dir }], take: page.size + 1 });
  return toPage(rows, { ...page, after: after ? page.after : null, before: before ? page.before : null }, keyOf);
}

/** {@link listAuditIn} on the app's connection. */
export async function listAudit(workspaceId: string, f: AuditFilter, page: PageRequest): Promise<Page<AuditRow>> {
  return listAuditIn(await getDb(), workspaceId, f, page);
}

export async function countAudit(workspaceId: string, f: AuditFilter) {
  const db = await getDb();
  return db.auditEvent.count({ where: auditWhere(workspaceId, f) });
}

/** Every entry matching the filter, newest first, in batches (CSV export). */
export async function* eachAudit(workspaceId: string, f: AuditFilter, batch = 1000): AsyncGenerator<AuditRow> {
  const db = await getDb();
  let cursor: string | null = null;
  for (;;) {
    const page = await listAuditIn(db, workspaceId, f, { after: cursor, size: batch });
    yield* page.rows;
    const last = page.rows[page.rows.length - 1];
    if (!page.next || !last) return;
    cursor = encodeCursor(keyOf(last));
  }
}

/** Audit entries about one member, newest first (the member timeline). */
export function memberAuditIn(db: Db, workspaceId: string, memberId: string, take = 50) {
  return db.auditEvent.findMany({
    where: { workspaceId, targetType: "member", targetId: memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** The entry's detail JSON as an object ({} when unreadable). */
export function auditDetail(e: { detail: string }): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(e.detail);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The detail in words, for the page and the CSV ("member → admin", "30 → 90 days"). */
export function describeDetail(e: { action: string; detail: string }): string {
  const d = auditDetail(e);
  const parts: string[] = [];
  if (d.from !== undefined || d.to !== undefined)
    parts.push(`${fmt(d.from)} → ${fmt(d.to)}${e.action === "workspace.retention_changed" ? " days" : ""}`);
  for (const [k, v] of Object.entries(d)) {
    if (k === "from" || k === "to") continue;
    if (v && typeof v === "object" && "from" in v && "to" in v)
      parts.push(`${k}: ${fmt((v as { from: unknown }).from)} → ${fmt((v as { to: unknown }).to)}`);
    else parts.push(`${k}: ${fmt(v)}`);
  }
  return parts.join("; ");
}

function fmt(v: unknown): string {
  if (v === true) return "on";
  if (v === false) return "off";
  if (v === null || v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}
