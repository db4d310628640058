// The password sign-in brake (lib/services/login-throttle.ts, counted in the database) over time, with an explicit clock: 10 wrong passwords
// within 15 minutes lock the (email, client address) pair out; the lock ends when the window that began with
// the first failure has passed; a success clears the count; emails are counted separately.
import { describe, expect, it } from "vitest";
import { createDatabase, database, getDb } from "@/lib/db/client";
import { loginAllowed, loginFailed, loginSucceeded } from "@/lib/services/login-throttle";
import { uid } from "../support/workspace";

const sql = async () => (await getDb(), database().sql);
const loginThrottle = {
  allowed: async (k: string, a: string, now: number) => loginAllowed(await sql(), k, a, now),
  fail: async (k: string, a: string, now: number) => loginFailed(await sql(), k, a, now),
  succeeded: async (k: string, a: string) => loginSucceeded(await sql(), k, a),
};

const MIN = 60_000;
const T0 = Date.UTC(2031, 0, 1, 9, 0, 0);
let n = 0;
const key = () => `${uid("throttle")}-${++n}@example.test`;
// a client address of its own per test (the per-address brake counts every account's failures)
const ip = () => `${uid("addr")}-${++n}`;

describe("login throttle window", () => {
  it("locks after 10 failures inside the window and unlocks exactly when the window has passed", async () => {
    const k = key();
    const a = ip();
    for (let i = 0; i < 9; i++) {
      expect(await loginThrottle.allowed(k, a, T0 + i * MIN)).toBe(true);
      await loginThrottle.fail(k, a, T0 + i * MIN);
    }
    expect(await loginThrottle.allowed(k, a, T0 + 9 * MIN)).toBe(true);
    await loginThrottle.fail(k, a, T0 + 9 * MIN); // the 10th
    expect(await loginThrottle.allowed(k, a, T0 + 9 * MIN)).toBe(false);
    // still locked until 15 minutes after the FIRST failure, including its last millisecond
    expect(await loginThrottle.allowed(k, a, T0 + 14 * MIN)).toBe(false);
    expect(await loginThrottle.allowed(k, a, T0 + 15 * MIN)).toBe(false);
    // then the window has expired: allowed again, with a fresh count
    expect(await loginThrottle.allowed(k, a, T0 + 15 * MIN + 1)).toBe(true);
    for (let i = 0; i < 9; i++) await loginThrottle.fail(k, a, T0 + 16 * MIN);
    expect(await loginThrottle.allowed(k, a, T0 + 16 * MIN)).toBe(true);
    await loginThrottle.fail(k, a, T0 + 16 * MIN);
    expect(await loginThrottle.allowed(k, a, T0 + 16 * MIN)).toBe(false);
  });

  it("failures spread over more than the window never lock", async () => {
    const k = key();
    const a = ip();
    // one failure every 2 minutes for an hour: at most 8 fall in any window that starts with a failure
    for (let t = 0; t < 60; t += 2) {
      expect(await loginThrottle.allowed(k, a, T0 + t * MIN), `minute ${t}`).toBe(true);
      await loginThrottle.fail(k, a, T0 + t * MIN);
    }
  });

  it("a successful sign-in clears the count; other emails are not affected", async () => {
    const k = key();
    const other = key();
    const a = ip();
    for (let i = 0; i < 9; i++) await loginThrottle.fail(k, a, T0);
    await loginThrottle.succeeded(k, a);
    for (let i = 0; i < 9; i++) await loginThrottle.fail(k, a, T0 + MIN);
    expect(await loginThrottle.allowed(k, a, T0 + MIN)).toBe(true);
    for (let i = 0; i < 10; i++) await loginThrottle.fail(other, a, T0);
    expect(await loginThrottle.allowed(other, a, T0)).toBe(false);
    expect(await loginThrottle.allowed(k, a, T0 + MIN)).toBe(true);
  });
});

describe("login throttle shared by several server processes", () => {
  it("failures counted concurrently through two separate connection pools all count", async () => {
    // two Database objects are what two server processes have: their own pools on the same database
    const [one, two] = [createDatabase(), createDatabase()];
    try {
      await Promise.all([one.ready, two.ready]);
      const k = key();
      const a = ip();
      const now = Date.now();
      await Promise.all(Array.from({ length: 9 }, (_, i) => loginFailed((i % 2 ? one : two).sql, k, a, now)));
      expect(await loginAllowed(one.sql, k, a, now)).toBe(true);
      await loginFailed(two.sql, k, a, now); // the 10th, counted by the other process
      expect(await loginAllowed(one.sql, k, a, now)).toBe(false);
      expect(await loginAllowed(two.sql, k, a, now)).toBe(false);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
