// CSV export of the audit log's filtered view. Route handlers are not covered by page checks, so the
// owner/admin check happens here; members and outsiders get a 404.
import { adminForAction } from "@/lib/auth/session";
import { csvResponse } from "@/lib/http/csv-response";
import { eachAudit, describeDetail, readAuditFilter } from "@/lib/services/admin/audit-log";

export const dynamic = "force-dynamic";

const HEADER = ["time", "actor", "action", "target_type", "target", "target_id", "detail", "event_id"];

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminForAction(slug);
  if (!ctx) return new Response("Not found", { status: 404 });
  const entries = eachAudit(ctx.workspace.id, readAuditFilter(new URL(req.url).searchParams));
  const date = new Date().toISOString().slice(0, 10);
  return csvResponse(
    entries,
    HEADER,
    (e) => [e.createdAt, e.actorLabel, e.action, e.targetType, e.targetLabel, e.targetId, describeDetail(e), e.id],
    `audit-log-${ctx.workspace.slug}-${date}.csv`,
  );
}
