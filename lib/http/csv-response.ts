// A CSV download streamed from an async generator of rows: one batch of rows per pull, so memory stays flat
// for any number of rows, and the database cursor is closed when the client goes away.
import { csvRow } from "@/lib/services/admin/csv";

const BATCH = 500;

export function csvResponse<T>(
  rows: AsyncGenerator<T>,
  header: string[],
  toRow: (row: T) => unknown[],
  filename: string,
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("\uFEFF" + csvRow(header))); // BOM: Excel reads UTF-8
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < BATCH; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvRow(toRow(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
