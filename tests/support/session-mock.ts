// The one stub of the request context Next provides, for integration tests that call real page guards,
// server actions and routes in-process: whose session next-auth's getServerSession returns, and a no-op
// next/cache (there is no cache outside a Next server). vi.mock is per file, so each file registers it:
//
//   vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));
//   vi.mock("next/cache", async () => (await import("../support/session-mock")).nextCacheStub());
//
// (the factories import this module lazily because vi.mock is hoisted above the file's imports), then signs
// in with `signInAs(accountId)` or `session.user = { id, authMethod, … }`, and out with `signInAs(null)`.
import { vi } from "vitest";

export interface StubUser {
  id: string;
  authMethod?: "password" | "sso";
  ssoWorkspaceId?: string;
  epoch?: number;
}

/** The session next-auth returns; null means nobody is signed in. */
export const session: { user: StubUser | null } = { user: null };

/** Signs in as this account (no other session fields), or out with null. */
export function signInAs(accountId: string | null | undefined, fields: Omit<StubUser, "id"> = {}) {
  session.user = accountId ? { id: accountId, ...fields } : null;
}

/** next-auth with getServerSession answering from `session`; everything else real. */
export async function nextAuthStub(importOriginal: <T>() => Promise<T>) {
  const actual = await importOriginal<typeof import("next-auth")>();
  return {
    ...actual,
    getServerSession: vi.fn(async () =>
      session.user ? { user: session.user, expires: "2999-01-01T00:00:00.000Z" } : null,
    ),
  };
}

export function nextCacheStub() {
  return { revalidatePath: vi.fn(), revalidateTag: vi.fn() };
}
