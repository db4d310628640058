// The member timeline: audit entries about the member (what admins did) and the SCIM requests that touched
// them (what the identity provider did), newest first, each named in words — "Deactivated by Entra ID",
// "Reactivated by Okta", "Changed name.familyName, title", "Role changed by Ada: member → admin".
import { getDb } from "@/lib/db/client";
import { AUDIT_ACTIONS } from "@/lib/services/audit";
import { describeDetail, memberAuditIn } from "./audit-log";
import { memberTimelineIn } from "./members";

export interface TimelineItem {
  id: string;
  at: Date;
  kind: "admin" | "scim";
  title: string;
  detail: string | null;
  failed: boolean;
  /** the provisioning-log event to open, for SCIM items */
  eventId?: string;
}

interface ScimEvent {
  id: string;
  createdAt: Date;
  method: string;
  status: number;
  scimType: string | null;
  detail: string | null;
  tokenLabel: string | null;
  changes: string | null;
}

function parseChanges(raw: string | null): { paths: string[]; active?: boolean } | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { paths?: unknown; active?: unknown };
    const paths = Array.isArray(v.paths) ? v.paths.filter((p): p is string => typeof p === "string") : [];
    return { paths, ...(typeof v.active === "boolean" ? { active: v.active } : {}) };
  } catch {
    return null;
  }
}

const VERB: Record<string, string> = { POST: "Create", PUT: "Replace", PATCH: "Update", DELETE: "Delete", GET: "Read" };

/** A SCIM request in words. Pure. */
export function scimEventTitle(e: Pick<ScimEvent, "method" | "status" | "tokenLabel" | "changes">): string {
  const by = `by ${e.tokenLabel ?? "the identity provider"}`;
  if (e.status >= 400) return `${VERB[e.method] ?? e.method} ${by} failed (${e.status})`;
  if (e.method === "POST") return `Created ${by}`;
  if (e.method === "DELETE") return `Deleted ${by}`;
  if (e.method === "GET") return `Read ${by}`;
  const changes = parseChanges(e.changes);
  if (!changes) return `Updated ${by}`;
  const others = changes.paths.filter((p) => p !== "active");
  if (changes.active !== undefined) {
    const head = `${changes.active ? "Reactivated" : "Deactivated"} ${by}`;
    return others.length ? `${head}; changed ${others.join(", ")}` : head;
  }
  return others.length ? `Changed ${others.join(", ")}` : `Updated ${by}`;
}

/** Both sources merged, newest first, at most `take` items. */
export async function memberTimelineItems(workspaceId: string, memberId: string, take = 50): Promise<TimelineItem[]> {
  const db = await getDb();
  const [events, audit] = await Promise.all([
    memberTimelineIn(db, workspaceId, memberId, take),
    memberAuditIn(db, workspaceId, memberId, take),
  ]);
  const items: TimelineItem[] = [
    ...events.map((e) => ({
      id: e.id,
      at: e.createdAt,
      kind: "scim" as const,
      eventId: e.id,
      failed: e.status >= 400,
      title: scimEventTitle(e),
      // (a successful request's detail is what was deliberately not applied, e.g. an owner's role)
      detail: `${e.status >= 400 && e.scimType ? `${e.scimType}: ` : ""}${e.detail ?? ""}` || null,
    })),
    ...audit.map((a) => {
      const detail = describeDetail(a);
      return {
        id: a.id,
        at: a.createdAt,
        kind: "admin" as const,
        failed: false,
        title: `${AUDIT_ACTIONS[a.action as keyof typeof AUDIT_ACTIONS] ?? a.action} by ${a.actorLabel}`,
        detail: detail || null,
      };
    }),
  ];
  return items.sort((x, y) => y.at.getTime() - x.at.getTime() || (x.id < y.id ? 1 : -1)).slice(0, take);
}
