// Durable webhooks against the real `next start` server: SCIM writes queue events in the outbox; the server
// is killed with SIGKILL while it is delivering them (the receiver answers slowly, so attempts are in
// flight), then started again. Every event written to the outbox reaches the receiver at least once, with
// a valid signature, and each member's events arrive in the order they happened; nothing is left pending.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@/lib/db/url";
import { createEndpoint } from "@/lib/services/webhooks";
import { ensureBuild, pollUntil, startNextServer, type NextServer } from "../support/next-server";
import { TEST_DB, queryRows } from "../support/ops";
import { startReceiver, type Receiver } from "../support/webhook-receiver";
import { newWorkspace, uid } from "../support/workspace";

describe(`webhook delivery survives kill -9 (${TEST_DB})`, () => {
  const servers: NextServer[] = [];
  let receiver: Receiver | undefined;

  beforeAll(() => ensureBuild(), 600_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await receiver?.close();
  });

  it("every event is delivered at least once, in order per member, after a crash mid-delivery", async () => {
    const ws = await newWorkspace();
    receiver = await startReceiver();
    receiver.delayMs = 150; // attempts are in flight when the process dies
    const { secret } = await createEndpoint(
      ws.workspace.id,
      { memberId: ws.owner.id, role: "owner" },
      { url: receiver.url },
    );
    receiver.secrets.push(secret);
    const env = { SSO_FETCH_ALLOW_HOSTS: "127.0.0.1", WEBHOOK_RETRY_BASE_MS: "200" };
    const first = await startNextServer(databaseUrl(), env);
    servers.push(first);

    const scim = (method: string, path: string, body: unknown) =>
      fetch(`${first.url}/scim/v2${path}`, {
        method,
        headers: { Authorization: `Bearer ${ws.token}`, "Content-Type": "application/scim+json" },
        body: JSON.stringify(body),
      });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await scim("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `crash.${uid()}@example.test`,
      });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { id: string }).id;
      ids.push(id);
      for (const title of ["one", "two"]) {
        const p = await scim("PATCH", `/Users/${id}`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "title", value: title }],
        });
        expect(p.status).toBe(200);
      }
    }
    const outbox = async () =>
      queryRows(
        databaseUrl(),
        `SELECT "eventId", "subjectId", "seq", "state" FROM "WebhookDelivery" WHERE "workspaceId" = ? ORDER BY "seq"`,
        `SELECT "eventId", "subjectId", "seq", "state" FROM "WebhookDelivery" WHERE "workspaceId" = $1 ORDER BY "seq"`,
        [ws.workspace.id],
      );
    expect(await outbox()).toHaveLength(36);

    // Kill it while it is delivering: some events are through, others not.
    await pollUntil("a few deliveries", () => receiver!.ids().size >= 3, 60_000, 20);
    first.child.kill("SIGKILL");
    await first.exited;
    const beforeRestart = receiver.ids().size;
    expect(beforeRestart).toBeLessThan(36);

    receiver.delayMs = 0;
    const second = await startNextServer(databaseUrl(), env);
    servers.push(second);
    // Leases of the killed process run out (15 s), then its deliveries are sent again.
    await pollUntil("every event delivered", () => receiver!.ids().size === 36, 90_000, 200);

    const rows = await outbox();
    expect(new Set(rows.map((r) => r.eventId))).toEqual(receiver.ids());
    await pollUntil("nothing pending", async () => (await outbox()).every((r) => r.state === "delivered"), 30_000, 200);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // In order per member: the first arrival of each event follows the outbox order of its member.
    const seqOf = new Map(rows.map((r) => [r.eventId as string, Number(r.seq)]));
    for (const id of ids) {
      const firstArrivals: number[] = [];
      for (const r of receiver.received)
        if (r.data.id === id && !firstArrivals.includes(seqOf.get(r.id)!)) firstArrivals.push(seqOf.get(r.id)!);
      expect(firstArrivals).toEqual([...firstArrivals].sort((a, b) => a - b));
      expect(receiver.received.filter((r) => r.data.id === id).map((r) => r.type)).toContain("member.created");
    }
    console.log(
      `kill -9 after ${beforeRestart}/36 events; ${receiver.received.length} requests received in all (${receiver.received.length - 36} repeats)`,
    );
  });
});
