// Provisioning-log queries: filters shared by the log page and the CSV export, keyset pages on
// (createdAt, id) newest first, and batched reads for streaming exports.
import { getDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/generated/sqlite/client";
import { containsText, searchText } from "./text-match";
import { decodeCursor, encodeCursor, toPage, type Page, type PageRequest } from "./keyset";
import { flushProvisioningLog } from "@/lib/services/provisioning-log";

// POLICY: removals by the offboarding policy (lib/services/offboarding.ts), not requests
export const LOG_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "POLICY"] as const;
export const LOG_RESOURCE_TYPES = ["User", "Group"] as const;
export const LOG_RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;

export interface EventFilter {
  outcome?: "success" | "failure";
  method?: string;
  resourceType?: string;
  q?: string;
  range?: keyof typeof LOG_RANGES;
}

export function eventWhere(workspaceId: string, f: EventFilter, now = new Date()): Prisma.ProvisioningEventWhereInput {
  const and: Prisma.ProvisioningEventWhereInput[] = [];
  if (f.outcome === "success") and.push({ status: { lt: 400 } });
  if (f.outcome === "failure") and.push({ status: { gte: 400 } });
  if (f.method) and.push({ method: f.method });
  if (f.resourceType === "other")
    and.push({ OR: [{ resourceType: null }, { resourceType: { notIn: [...LOG_RESOURCE_TYPES] } }] });
  else if (f.resourceType) and.push({ resourceType: f.resourceType });
  if (f.range) and.push({ createdAt: { gte: new Date(now.getTime() - LOG_RANGES[f.range]) } });
  const q = searchText(f.q);
  if (q) {
    and.push({
      OR: [
        { path: containsText(q) },
        { query: containsText(q) },
        { userName: containsText(q) },
        { displayName: containsText(q) },
        { resourceId: q },
        { externalId: containsText(q) },
        { detail: containsText(q) },
        { tokenLabel: containsText(q) },
        { scimType: containsText(q) },
      ],
    });
  }
  return { workspaceId, AND: and };
}

type Key = [string, string];

function keyWhere(key: Key, dir: "older" | "newer"): Prisma.ProvisioningEventWhereInput {
  const at = new Date(key[0]);
  return dir === "older"
    ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: key[1] } }] }
    : { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: key[1] } }] };
}

const keyOf = (e: { createdAt: Date; id: string }): Key => [e.createdAt.toISOString(), e.id];

function validKey(raw: string | null | undefined): Key | null {
  const k = decodeCursor(raw, 2);
  if (!k || typeof k[0] !== "string" || typeof k[1] !== "string" || Number.isNaN(Date.parse(k[0]))) return null;
  return [k[0], k[1]];
}

type Event = Prisma.ProvisioningEventGetPayload<object>;

/** One page of the log, newest first. */
export async function listEventsIn(
  db: Db,
  workspaceId: string,
  f: EventFilter,
  page: PageRequest,
): Promise<Page<Event>> {
  const after = validKey(page.after);
  const before = after ? null : validKey(page.before);
  const where = eventWhere(workspaceId, f);
  if (after) (where.AND as Prisma.ProvisioningEventWhereInput[]).push(keyWhere(after, "older"));
  if (before) (where.AND as Prisma.ProvisioningEventWhereInput[]).push(keyWhere(before, "newer"));
  const dir = before ? "asc" : "desc";
  await flushProvisioningLog(); // (this process's queued events first: the admin sees what just happened)
  const rows = await db.provisioningEvent.findMany({
    where,
    orderBy: [{ createdAt: dir }, { id: dir }],
    take: page.size + 1,
  });
  return toPage(rows, { ...page, after: after ? page.after : null, before: before ? page.before : null }, keyOf);
}

/** {@link listEventsIn} on the app's connection. */
export async function listEvents(workspaceId: string, f: EventFilter, page: PageRequest): Promise<Page<Event>> {
  return listEventsIn(await getDb(), workspaceId, f, page);
}

export async function countEvents(workspaceId: string, f: EventFilter) {
  const db = await getDb();
  await flushProvisioningLog();
  return db.provisioningEvent.count({ where: eventWhere(workspaceId, f) });
}

export async function getEvent(workspaceId: string, eventId: string) {
  const db = await getDb();
  await flushProvisioningLog();
  return db.provisioningEvent.findFirst({ where: { id: eventId, workspaceId } });
}

/** Every event matching the filter, newest first, read in batches so exports never hold the whole log. */
export async function* eachEvent(workspaceId: string, f: EventFilter, batch = 1000): AsyncGenerator<Event> {
  const db = await getDb();
  let cursor: string | null = null;
  for (;;) {
    const page = await listEventsIn(db, workspaceId, f, { after: cursor, size: batch });
    yield* page.rows;
    const last = page.rows[page.rows.length - 1];
    if (!page.next || !last) return;
    cursor = encodeCursor(keyOf(last));
  }
}

/** Of the users and groups these events touched, the ones that exist in this workspace now ("User:<id>",
 * "Group:<id>"): only those are linked from the log (a failed request's id, `.search` or a deleted member
 * would lead to a 404). */
export async function existingTouched(
  workspaceId: string,
  events: { resourceType: string | null; resourceId: string | null }[],
) {
  const db = await getDb();
  const ids = (type: string) => [
    ...new Set(events.filter((e) => e.resourceType === type && e.resourceId).map((e) => e.resourceId!)),
  ];
  const [users, groups] = await Promise.all([
    db.member.findMany({ where: { workspaceId, id: { in: ids("User") } }, select: { id: true } }),
    db.group.findMany({ where: { workspaceId, id: { in: ids("Group") } }, select: { id: true } }),
  ]);
  return new Set([...users.map((u) => `User:${u.id}`), ...groups.map((g) => `Group:${g.id}`)]);
}
