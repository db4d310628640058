// CSV export of the provisioning log's filtered view. Route handlers are not covered by page checks,
// so the owner/admin check happens here; non-admins and outsiders get a 404.
import { adminForAction } from "@/lib/auth/session";
import { csvResponse } from "@/lib/http/csv-response";
import { eachEvent } from "@/lib/services/admin/events";
import { readLogFilter } from "../log-filter";

export const dynamic = "force-dynamic";

const HEADER = [
  "time",
  "method",
  "endpoint",
  "query",
  "resource_type",
  "resource_id",
  "external_id",
  "user_name",
  "group_name",
  "status",
  "outcome",
  "scim_type",
  "detail",
  "duration_ms",
  "token",
  "event_id",
];

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminForAction(slug);
  if (!ctx) return new Response("Not found", { status: 404 });
  const events = eachEvent(ctx.workspace.id, readLogFilter(new URL(req.url).searchParams));
  const date = new Date().toISOString().slice(0, 10);
  return csvResponse(
    events,
    HEADER,
    (e) => [
      e.createdAt,
      e.method,
      e.path,
      e.query,
      e.resourceType,
      e.resourceId,
      e.externalId,
      e.userName,
      e.displayName,
      e.status,
      e.status < 400 ? "success" : "failure",
      e.scimType,
      e.detail,
      e.durationMs,
      e.tokenLabel,
      e.id,
    ],
    `provisioning-log-${ctx.workspace.slug}-${date}.csv`,
  );
}
