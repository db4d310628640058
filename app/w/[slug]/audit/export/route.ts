// CSV export of the audit log's filtered view. Route handlers are not covered by page checks, so the
// owner/admin check happens here; members and outsiders get a 404.
import { adminForAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { eachAudit, describeDetail, readAuditFilter } from "@/lib/services/admin/audit-log";
import { csvRow } from "@/lib/services/admin/csv";

export const dynamic = "force-dynamic";

const HEADER = ["time", "actor", "action", "target_type", "target", "target_id", "detail", "event_id"];

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminForAction(slug);
  if (!ctx) return new Response("Not found", { status: 404 });
  const db = await getDb();
  const entries = eachAudit(db, ctx.workspace.id, readAuditFilter(new URL(req.url).searchParams));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF" + csvRow(HEADER))); // BOM: Excel reads UTF-8
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await entries.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const e = next.value;
        chunk += csvRow([e.createdAt, e.actorLabel, e.action, e.targetType, e.targetLabel, e.targetId, describeDetail(e), e.id]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await entries.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${ctx.workspace.slug}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
