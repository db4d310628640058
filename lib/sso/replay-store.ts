// Where SAML validation keeps its single-use keys (pending request ids, consumed assertion ids). The caller
// passes one in: lib/services/sso/replay-store.ts keeps them in the database, so every server sees them.
export interface ReplayStore {
  /** Stores the key for `ttlMs`; false when it is already there (the key was used). */
  put(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The key's value without using it up; null when absent or expired. */
  peek(key: string): Promise<string | null>;
  /** Removes the key and returns its value; null when absent, expired or already taken. */
  take(key: string): Promise<string | null>;
}
