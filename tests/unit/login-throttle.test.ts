// The password sign-in brake (lib/auth/throttle.ts) over time, with an explicit clock: 10 wrong passwords
// within 15 minutes lock the (email, client address) pair out; the lock ends when the window that began with
// the first failure has passed; a success clears the count; emails are counted separately.
import { describe, expect, it } from "vitest";
import { loginThrottle } from "@/lib/auth/throttle";

const MIN = 60_000;
const T0 = Date.UTC(2031, 0, 1, 9, 0, 0);
let n = 0;
const key = () => `throttle-${++n}@example.test`;
// a client address of its own per test (the per-address brake counts every account's failures)
const ip = () => `192.0.2.${++n}`;

describe("login throttle window", () => {
  it("locks after 10 failures inside the window and unlocks exactly when the window has passed", () => {
    const k = key();
    const a = ip();
    for (let i = 0; i < 9; i++) {
      expect(loginThrottle.allowed(k, a, T0 + i * MIN)).toBe(true);
      loginThrottle.fail(k, a, T0 + i * MIN);
    }
    expect(loginThrottle.allowed(k, a, T0 + 9 * MIN)).toBe(true);
    loginThrottle.fail(k, a, T0 + 9 * MIN); // the 10th
    expect(loginThrottle.allowed(k, a, T0 + 9 * MIN)).toBe(false);
    // still locked until 15 minutes after the FIRST failure, including its last millisecond
    expect(loginThrottle.allowed(k, a, T0 + 14 * MIN)).toBe(false);
    expect(loginThrottle.allowed(k, a, T0 + 15 * MIN)).toBe(false);
    // then the window has expired: allowed again, with a fresh count
    expect(loginThrottle.allowed(k, a, T0 + 15 * MIN + 1)).toBe(true);
    for (let i = 0; i < 9; i++) loginThrottle.fail(k, a, T0 + 16 * MIN);
    expect(loginThrottle.allowed(k, a, T0 + 16 * MIN)).toBe(true);
    loginThrottle.fail(k, a, T0 + 16 * MIN);
    expect(loginThrottle.allowed(k, a, T0 + 16 * MIN)).toBe(false);
  });

  it("failures spread over more than the window never lock", () => {
    const k = key();
    const a = ip();
    // one failure every 2 minutes for an hour: at most 8 fall in any window that starts with a failure
    for (let t = 0; t < 60; t += 2) {
      expect(loginThrottle.allowed(k, a, T0 + t * MIN), `minute ${t}`).toBe(true);
      loginThrottle.fail(k, a, T0 + t * MIN);
    }
  });

  it("a successful sign-in clears the count; other emails are not affected", () => {
    const k = key();
    const other = key();
    const a = ip();
    for (let i = 0; i < 9; i++) loginThrottle.fail(k, a, T0);
    loginThrottle.succeeded(k, a);
    for (let i = 0; i < 9; i++) loginThrottle.fail(k, a, T0 + MIN);
    expect(loginThrottle.allowed(k, a, T0 + MIN)).toBe(true);
    for (let i = 0; i < 10; i++) loginThrottle.fail(other, a, T0);
    expect(loginThrottle.allowed(other, a, T0)).toBe(false);
    expect(loginThrottle.allowed(k, a, T0 + MIN)).toBe(true);
  });
});
