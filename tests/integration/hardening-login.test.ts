// Issue 13, items 3 and 4: password sign-in (the credentials provider's authorize, called as next-auth
// calls it, with the request's headers).
// 3. Ten wrong passwords for an email locked its owner out from everywhere, and spraying one guess over
//    many accounts was not slowed: throttling is now per (account, client address) and per client address.
// 4. An unknown email answered without hashing (27 ms vs 78 ms): it now costs one argon2 verification too.
import { describe, expect, it, vi } from "vitest";

const argon = vi.hoisted(() => ({ verifies: 0 }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon.verifies++;
      return real.verify(...args);
    },
  };
});

import { authOptions } from "@/lib/auth/options";
import { PEER_ADDRESS_MARK } from "@/lib/auth/throttle";
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS } from "@/lib/services/login-throttle";
import { newWorkspace, uid } from "../support/workspace";
import { resetConfig } from "@/lib/config";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (
  authOptions().providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } }
).options.authorize;

/** One sign-in attempt from `peer` (the socket address the server saw, see scripts/peer-address.cjs). */
async function attempt(
  email: string,
  password: string,
  peer: string,
  xff?: string,
): Promise<"ok" | "wrong" | "throttled"> {
  const headers: Record<string, string> = { "x-peer-address": peer };
  if (xff) headers["x-forwarded-for"] = xff;
  try {
    return (await authorize({ email, password }, { headers })) ? "ok" : "wrong";
  } catch (e) {
    if ((e as Error).message === "TooManyAttempts") return "throttled";
    throw e;
  }
}

// as in the server process, where scripts/peer-address.cjs is preloaded and sets x-peer-address
(globalThis as Record<symbol, unknown>)[PEER_ADDRESS_MARK] = true;
// Failures are counted in the database shared by every test file: each test uses addresses of its own.
const run = uid("run").slice(-8);
const addr = (a: string) => `${a}#${run}`;

const ownerEmail = (ws: Awaited<ReturnType<typeof newWorkspace>>) => `owner-${ws.workspace.slug}@example.test`;

describe("login throttling", () => {
  it("wrong passwords from one address do not lock the account's owner out from another address", async () => {
    const email = ownerEmail(await newWorkspace());
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++)
      expect(await attempt(email, `wrong-${i}`, addr("203.0.113.7"))).toBe("wrong");
    // the attacker's address is throttled for this account, even with the right password
    expect(await attempt(email, "owner-password-1", addr("203.0.113.7"))).toBe("throttled");
    // the owner, elsewhere, signs in
    expect(await attempt(email, "owner-password-1", addr("198.51.100.20"))).toBe("ok");
  });

  it("spraying one guess over many accounts from one address is throttled per address", async () => {
    const email = ownerEmail(await newWorkspace());
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
      expect(await attempt(`${uid("nobody")}@example.test`, "Winter2026!", addr("203.0.113.9"))).toBe("wrong");
    expect(await attempt(email, "owner-password-1", addr("203.0.113.9"))).toBe("throttled");
    expect(await attempt(email, "owner-password-1", addr("203.0.113.10"))).toBe("ok");
  });

  it("X-Forwarded-For is ignored unless TRUST_PROXY_HOPS says a proxy sets it", async () => {
    const email = ownerEmail(await newWorkspace());
    const before = process.env.TRUST_PROXY_HOPS;
    try {
      delete process.env.TRUST_PROXY_HOPS;
      resetConfig();
      // a client rotating a forged X-Forwarded-For is still one address
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++)
        expect(await attempt(email, `wrong-${i}`, addr("203.0.113.11"), `10.0.0.${i}`)).toBe("wrong");
      expect(await attempt(email, "owner-password-1", addr("203.0.113.11"), "10.0.0.99")).toBe("throttled");
      // behind one trusted proxy (the peer), the client is the last X-Forwarded-For entry
      process.env.TRUST_PROXY_HOPS = "1";
      resetConfig();
      expect(await attempt(email, "owner-password-1", addr("203.0.113.11"), "spoofed, 198.51.100.30")).toBe("ok");
    } finally {
      if (before === undefined) delete process.env.TRUST_PROXY_HOPS;
      else process.env.TRUST_PROXY_HOPS = before;
      resetConfig();
    }
  });
});

describe("sign-in timing", () => {
  it("an unknown email, or an account without a password, costs one password hash like a known one", async () => {
    const email = ownerEmail(await newWorkspace());
    argon.verifies = 0;
    expect(await attempt(email, "wrong-password", "192.0.2.1")).toBe("wrong");
    expect(argon.verifies).toBe(1);
    argon.verifies = 0;
    expect(await attempt(`${uid("nobody")}@example.test`, "wrong-password", "192.0.2.2")).toBe("wrong");
    expect(argon.verifies).toBe(1);
  });
});
