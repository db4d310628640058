// A process that queues provisioning events and ends before the flush timer fires, the way a server ends:
// `npx tsx tests/support/log-at-exit.ts <workspaceId> <how> <n>` with DATABASE_URL set. <how>:
// - drain: the event loop runs dry (beforeExit)
// - exit: process.exit() right after the requests (synchronous exit hook; SQLite only)
// - sigterm: a SIGTERM handler like `next start`'s closes up, then exits 45 ms later: before the 50 ms flush
//   timer, so on PostgreSQL only the log's own SIGTERM handler gets the events written
import { database, getDb } from "@/lib/db/client";
import { recordEvent } from "@/lib/services/provisioning-log";

const [workspaceId, how, n = "3"] = process.argv.slice(2);

async function main() {
  await getDb();
  // The server has been serving: its pool holds open connections (two, so the event that comes in while the
  // first batch is written does not wait for a new PostgreSQL connection, which alone can take longer
  // than the 45 ms this process lives after SIGTERM).
  await Promise.all([database().sql.all("SELECT 1"), database().sql.all("SELECT 1")]);
  if (how === "sigterm") process.on("SIGTERM", () => setTimeout(() => process.exit(143), 45));
  const event = (i: number) => ({
    workspaceId,
    method: "GET",
    path: `/scim/v2/Users/${how}-${i}`,
    status: 200,
    durationMs: 1,
  });
  for (let i = 0; i < Number(n); i++) recordEvent(database().sql, event(i));
  if (how === "exit") process.exit(0);
  if (how === "sigterm") {
    process.kill(process.pid, "SIGTERM");
    // requests still finishing while the server closes
    setTimeout(() => recordEvent(database().sql, event(Number(n))), 10);
    setInterval(() => {}, 1000); // a server keeps the process alive until its handler exits
  }
}

void main();
