// The client address that login throttling (lib/services/login-throttle.ts) counts failures for.
// The client address is the TCP peer (scripts/peer-address.cjs records it for every request of
// `npm start`), or, behind TRUST_PROXY_HOPS reverse proxies, the X-Forwarded-For entry that many hops
// from the right. A client-sent X-Forwarded-For is never trusted otherwise.
import { config } from "@/lib/config";

/** Set by scripts/peer-address.cjs when it is preloaded into the server process. */
export const PEER_ADDRESS_MARK = Symbol.for("scim-workspace.peer-address");
export const PEER_ADDRESS_HEADER = "x-peer-address";

/** The client's address from a request's headers (see the top of this file). */
export function clientAddress(
  headers: Record<string, string | string[] | undefined> | undefined,
  hops = config().TRUST_PROXY_HOPS,
): string {
  const get = (name: string) => {
    const v = headers?.[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = (get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Without the preload, Next sets X-Forwarded-For to the peer only when the client sent none, so the
  // last entry is the best there is (and the README says to use npm start).
  const preloaded = (globalThis as Record<symbol, unknown>)[PEER_ADDRESS_MARK] === true;
  const peer = preloaded ? get(PEER_ADDRESS_HEADER) : undefined;
  const chain = peer ? [...forwarded, peer] : forwarded;
  return chain[Math.max(0, chain.length - 1 - hops)] ?? "unknown";
}
