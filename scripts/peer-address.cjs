// Preloaded into `next start` (node -r, by scripts/start.mjs and scripts/e2e-server.mjs): records each
// request's TCP peer address in the `x-peer-address` header, overwriting anything a client sent, so the
// login throttle (lib/auth/throttle.ts) knows who is really connecting. Next itself only fills in
// X-Forwarded-For when the client did not send one.
const http = require("node:http");

globalThis[Symbol.for("scim-workspace.peer-address")] = true;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request" && req && req.headers) req.headers["x-peer-address"] = (req.socket && req.socket.remoteAddress) || "";
  return emit.call(this, event, req, ...rest);
};
