// Login throttling, in memory (a restart resets it, acceptable for a brute-force brake on one server):
// - per (account, client address): after MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS wrong passwords within
//   WINDOW_MS that address may not try that account again until the window passes. Throttling per
//   account alone let anyone lock any account out; the owner signing in from elsewhere is unaffected;
// - per client address: after MAX_FAILURES_PER_ADDRESS wrong passwords (any accounts) the address is
//   refused, so spraying one guess over many accounts is slowed too.
// The client address is the TCP peer (scripts/peer-address.cjs records it for every request of
// `npm start`), or, behind TRUST_PROXY_HOPS reverse proxies, the X-Forwarded-For entry that many hops
// from the right. A client-sent X-Forwarded-For is never trusted otherwise.
import crypto from "node:crypto";
import { hashPassword } from "@/lib/services/passwords";

export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 10;
export const MAX_FAILURES_PER_ADDRESS = 30;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_KEYS = 100_000;

class FailureCounter {
  private failures = new Map<string, { count: number; first: number }>();

  constructor(private readonly max: number) {}

  allowed(key: string, now = Date.now()): boolean {
    const f = this.failures.get(key);
    if (!f) return true;
    if (now - f.first > WINDOW_MS) {
      this.failures.delete(key);
      return true;
    }
    return f.count < this.max;
  }

  fail(key: string, now = Date.now()) {
    const f = this.failures.get(key);
    if (!f || now - f.first > WINDOW_MS) this.failures.set(key, { count: 1, first: now });
    else f.count++;
    if (this.failures.size > MAX_KEYS) this.failures.clear(); // bound memory under a spray attack
  }

  reset(key: string) {
    this.failures.delete(key);
  }

  clear() {
    this.failures.clear();
  }
}

class LoginThrottle {
  private pairs = new FailureCounter(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
  private addresses = new FailureCounter(MAX_FAILURES_PER_ADDRESS);

  allowed(account: string, address: string, now = Date.now()): boolean {
    return this.addresses.allowed(address, now) && this.pairs.allowed(`${address}\n${account}`, now);
  }

  fail(account: string, address: string, now = Date.now()) {
    this.pairs.fail(`${address}\n${account}`, now);
    this.addresses.fail(address, now);
  }

  /** A right password clears that pair (not the address: a sprayer who guesses one stays slowed). */
  succeeded(account: string, address: string) {
    this.pairs.reset(`${address}\n${account}`);
  }

  clear() {
    this.pairs.clear();
    this.addresses.clear();
  }
}

export const loginThrottle = new LoginThrottle();

/** Set by scripts/peer-address.cjs when it is preloaded into the server process. */
export const PEER_ADDRESS_MARK = Symbol.for("scim-workspace.peer-address");
export const PEER_ADDRESS_HEADER = "x-peer-address";

/** The client's address from a request's headers (see the top of this file). */
export function clientAddress(headers: Record<string, string | string[] | undefined> | undefined, env: Record<string, string | undefined> = process.env): string {
  const get = (name: string) => {
    const v = headers?.[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = (get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  // Without the preload, Next sets X-Forwarded-For to the peer only when the client sent none, so the
  // last entry is the best there is (and the README says to use npm start).
  const preloaded = (globalThis as Record<symbol, unknown>)[PEER_ADDRESS_MARK] === true;
  const peer = preloaded ? get(PEER_ADDRESS_HEADER) : undefined;
  const chain = peer ? [...forwarded, peer] : forwarded;
  const hops = Math.max(0, Math.floor(Number(env.TRUST_PROXY_HOPS ?? 0)) || 0);
  return chain[Math.max(0, chain.length - 1 - hops)] ?? "unknown";
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, verified against when there is no account (or no password), so an
 * unknown email takes as long as a known one. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(32).toString("base64"));
  return dummy;
}
