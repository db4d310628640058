// The benchmark floor (`npm run bench`): the cheapest route handler Next.js can serve, so SCIM throughput
// reads as a ratio of what the framework itself does on the machine. It answers only when the server was
// started with BENCH_FLOOR=1 (the benchmark does that); everywhere else it is a plain 404. POST is the
// floor of a request with a body: it parses the JSON sent and answers with it, as a SCIM create answers
// with the resource, so the SCIM writes can be read against what reading and writing bodies costs alone.
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

export async function POST(req: Request) {
  if (!config().BENCH_FLOOR) return new Response(null, { status: 404 });
  const body: unknown = await req.json();
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
}
