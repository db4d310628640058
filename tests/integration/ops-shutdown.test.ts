// Graceful shutdown (issue 20): SIGTERM to the real `next start` server in the middle of a SCIM write
// load. Every request the server took in gets its normal answer (no 5xx, no dropped connection for a
// request it applied), every answered request has its provisioning log row, and the process exits by
// itself through the graceful path (exit code 143) well inside the grace period. A request that outlives
// the grace period does not keep the process alive: it exits with code 1 while that request is still open.
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/url";
import { ensureBuild, pollUntil, startNextServer, type NextServer } from "../support/next-server";
import { scimWriteLoad } from "../support/scim-load";
import { TEST_DB, memberUserNames, queryRows, sqliteIntegrity } from "../support/ops";
import { newWorkspace, uid } from "../support/workspace";

const GRACE_MS = 30_000;

describe(`graceful shutdown under SCIM load (${TEST_DB})`, () => {
  const servers: NextServer[] = [];

  beforeAll(() => ensureBuild(), 600_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it("SIGTERM: requests in flight finish, no log row is lost, the process exits cleanly", async () => {
    const ws = await newWorkspace();
    const server = await startNextServer(databaseUrl(), { SHUTDOWN_GRACE_MS: String(GRACE_MS) });
    servers.push(server);
    const load = scimWriteLoad(server.url, ws.token, { workers: 6, prefix: uid("s") });
    await pollUntil("writes before the signal", () => load.acknowledged().length >= 60);

    // SQLite: this process lets go of the file, so that the server's connection is the last one; closing it
    // (the drain) then checkpoints the WAL into the database and removes it.
    const file = databaseUrl().replace(/^file:/, "");
    if (TEST_DB === "sqlite") await closeDatabase();

    const signalled = performance.now();
    server.child.kill("SIGTERM");
    const exit = await server.exited;
    const exitMs = Math.round(performance.now() - signalled);
    await load.done; // every worker stopped when its connection was refused or closed
    const answeredAfter = load.outcomes.length;
    console.log(
      `exited ${exitMs} ms after SIGTERM (grace ${GRACE_MS} ms); ${load.acknowledged().length} writes acknowledged, ${answeredAfter} requests in all`,
    );

    // The graceful path (Next closed the server, we drained): not the forced exit at the end of the grace period.
    expect(exit).toEqual({ code: 143, signal: null });
    expect(server.log()).toMatch(/shutdown: stopped in \d+ ms \(.*exit code 143\)/);
    expect(server.log()).not.toMatch(/grace period .* nearly over/);

    // The drain closed the database: on SQLite, nothing is left in a WAL file.
    if (TEST_DB === "sqlite") expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);

    // No request got an error answer. Requests without any answer were never taken in: nothing of them exists.
    const answered = load.outcomes.filter((o) => o.status !== null);
    expect(answered.filter((o) => o.status !== 201)).toEqual([]);
    const unanswered = load.outcomes.filter((o) => o.status === null);
    expect(
      unanswered.every((o) => /ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|other side closed|socket/i.test(o.error ?? "")),
    ).toBe(true);
    const stored = await memberUserNames(databaseUrl(), ws.workspace.id);
    expect(answered.filter((o) => !stored.has(o.userName))).toEqual([]);
    expect(unanswered.filter((o) => stored.has(o.userName))).toEqual([]);

    // Every answered request has its provisioning log row, written before the process exited.
    const logged = await queryRows(
      databaseUrl(),
      `SELECT "resourceId" FROM "ProvisioningEvent" WHERE "workspaceId" = ? AND "method" = 'POST' AND "status" = 201`,
      `SELECT "resourceId" FROM "ProvisioningEvent" WHERE "workspaceId" = $1 AND "method" = 'POST' AND "status" = 201`,
      [ws.workspace.id],
    );
    const loggedIds = new Set(logged.map((r) => String(r.resourceId)));
    expect(answered.filter((o) => !loggedIds.has(o.id!)).map((o) => o.userName)).toEqual([]);
    expect(logged.length).toBe(answered.length);

    if (TEST_DB === "sqlite") expect(sqliteIntegrity(file)).toBe("ok");
  });

  it("a request that outlives the grace period does not keep the process alive", async () => {
    const ws = await newWorkspace();
    const server = await startNextServer(databaseUrl(), {
      SHUTDOWN_GRACE_MS: "3000",
      METRICS_TOKEN: "shutdown-metrics",
    });
    servers.push(server);
    // A SCIM POST whose body never finishes arriving: in flight for as long as this socket stays open.
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let socketClosed = false;
    socket.on("close", () => (socketClosed = true));
    socket.on("error", () => undefined);
    const body = JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `${uid("slow")}@example.test`,
    });
    socket.write(
      `POST /scim/v2/Users HTTP/1.1\r\nHost: ${server.url.slice(7)}\r\nAuthorization: Bearer ${ws.token}\r\nContent-Type: application/scim+json\r\nContent-Length: ${body.length + 100}\r\n\r\n${body.slice(0, 10)}`,
    );
    // the server's own count of SCIM requests in flight
    await pollUntil("the slow request to reach the SCIM handler", async () => {
      const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer shutdown-metrics" } });
      return /^scim_requests_in_flight 1$/m.test(await res.text());
    });

    server.child.kill("SIGTERM");
    const exit = await server.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(server.log()).toMatch(/grace period \(3000 ms\) nearly over/);
    // the process went away under the open request (it was never answered)
    await pollUntil("the socket to close", () => socketClosed, 10_000);
    socket.destroy();
  });
});
