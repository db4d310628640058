// Login throttling: after MAX_FAILURES wrong passwords for one email within WINDOW_MS, further attempts
// are refused until the window passes. In memory: a restart resets it, which is acceptable for a
// brute-force brake on one server.
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;

class LoginThrottle {
  private failures = new Map<string, { count: number; first: number }>();

  allowed(key: string, now = Date.now()): boolean {
    const f = this.failures.get(key);
    if (!f) return true;
    if (now - f.first > WINDOW_MS) {
      this.failures.delete(key);
      return true;
    }
    return f.count < MAX_FAILURES;
  }

  fail(key: string, now = Date.now()) {
    const f = this.failures.get(key);
    if (!f || now - f.first > WINDOW_MS) this.failures.set(key, { count: 1, first: now });
    else f.count++;
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a spray attack
  }

  reset(key: string) {
    this.failures.delete(key);
  }
}

export const loginThrottle = new LoginThrottle();
