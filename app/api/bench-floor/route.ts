// The benchmark floor (`npm run bench`): the cheapest route handler Next.js can serve, so SCIM throughput
// reads as a ratio of what the framework itself does on the machine. It answers only when the server was
// started with BENCH_FLOOR=1 (the benchmark does that); everywhere else it is a plain 404.
import { config } from "@/lib/config";

export const dynamic = "force-dynamic";

const BODY = JSON.stringify({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: 0,
  Resources: [],
  startIndex: 1,
  itemsPerPage: 0,
});

export function GET() {
  if (!config().BENCH_FLOOR) return new Response(null, { status: 404 });
  return new Response(BODY, { headers: { "Content-Type": "application/json" } });
}
