// CSV export of the provisioning log's filtered view. Route handlers are not covered by page checks,
// so the owner/admin check happens here; non-admins and outsiders get a 404.
import { adminForAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { csvRow } from "@/lib/services/admin/csv";
import { eachEvent } from "@/lib/services/admin/events";
import { readLogFilter } from "../log-filter";

export const dynamic = "force-dynamic";

const HEADER = ["time", "method", "endpoint", "query", "resource_type", "resource_id", "external_id", "user_name", "group_name",
  "status", "outcome", "scim_type", "detail", "duration_ms", "token", "event_id"];

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await adminForAction(slug);
  if (!ctx) return new Response("Not found", { status: 404 });
  const db = await getDb();
  const filter = readLogFilter(new URL(req.url).searchParams);
  const events = eachEvent(db, ctx.workspace.id, filter);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF" + csvRow(HEADER))); // BOM: Excel reads UTF-8
    },
    async pull(controller) {
      // One batch of rows per pull, so memory stays flat for any log size.
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await events.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const e = next.value;
        chunk += csvRow([e.createdAt, e.method, e.path, e.query, e.resourceType, e.resourceId, e.externalId, e.userName, e.displayName,
          e.status, e.status < 400 ? "success" : "failure", e.scimType, e.detail, e.durationMs, e.tokenLabel, e.id]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="provisioning-log-${ctx.workspace.slug}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
