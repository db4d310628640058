// A local webhook receiver for the tests: verifies every request's Standard Webhooks signature with the
// `standardwebhooks` library (as a real receiver would), records what it got, and can be told to fail
// (answer 503) or to stall for a while.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** every signature (`v1,…`) of the request: two during a secret rotation */
  signatures: string[];
  verified: boolean;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** 0 = answer 204; otherwise answer this status */
  failWith: number;
  /** ms to wait before answering */
  delayMs: number;
  secrets: string[];
  /** distinct event ids that verified */
  ids(): Set<string>;
  close(): Promise<void>;
}

export async function startReceiver(secrets: string[] = [], port = 0): Promise<Receiver> {
  const r: Receiver = {
    url: "",
    received: [],
    failWith: 0,
    delayMs: 0,
    secrets,
    ids: () => new Set(r.received.filter((x) => x.verified).map((x) => x.id)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const headers = {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      };
      const verified = r.secrets.some((s) => {
        try {
          new Webhook(s).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      let parsed: { type?: string; data?: Record<string, unknown> } = {};
      try {
        parsed = JSON.parse(body);
      } catch {
        // recorded as unverified garbage
      }
      if (r.delayMs) await new Promise((w) => setTimeout(w, r.delayMs));
      if (r.failWith) {
        res.writeHead(r.failWith).end("down for maintenance");
        return;
      }
      r.received.push({
        id: headers["webhook-id"],
        type: parsed.type ?? "",
        data: parsed.data ?? {},
        signatures: headers["webhook-signature"].split(" "),
        verified,
        at: Date.now(),
      });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return r;
}
