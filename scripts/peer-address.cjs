// Preloaded into `next start` (node -r, by scripts/start.mjs and scripts/e2e-server.mjs). For every
// request, before Next sees it:
// - records the TCP peer address in the `x-peer-address` header, overwriting anything a client sent, so
//   the login throttle (lib/auth/throttle.ts) knows who is really connecting (Next itself only fills in
//   X-Forwarded-For when the client did not send one);
// - answers TRACE with 405 (Node's parser already refuses TRACK with a 400): Next cannot build a Request for them and answers a 500 with a
//   logged stack trace (and TRACE would echo the request, cookies included).
const http = require("node:http");

globalThis[Symbol.for("scim-workspace.peer-address")] = true;
const REFUSED = new Set(["TRACE"]);
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res, ...rest) {
  if (event === "request" && req && req.headers) {
    if (REFUSED.has(String(req.method).toUpperCase())) {
      // SCIM clients get a SCIM error with exactly `application/scim+json` (lib/scim-http/respond.ts)
      const scim = /^\/scim\/v2(\/|\?|$)/i.test(String(req.url));
      const type = scim ? "application/scim+json" : "text/plain; charset=utf-8";
      res.writeHead(405, {
        Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
        "Content-Type": type,
        "Cache-Control": "no-store",
      });
      res.end(
        scim
          ? JSON.stringify({
              schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
              status: "405",
              detail: `${req.method} is not supported`,
            })
          : "Method not allowed.\n",
      );
      return true;
    }
    req.headers["x-peer-address"] = (req.socket && req.socket.remoteAddress) || "";
  }
  return emit.call(this, event, req, res, ...rest);
};
