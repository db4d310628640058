// Re-issues the current browser's session cookie with a new session epoch, after the person changed their
// own password: the change ends every other session (lib/auth/session.ts compares epochs), not this one.
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { appUrl, authSecret } from "@/lib/config";
import { SESSION_MAX_AGE_S } from "./options";

export async function keepSessionAtEpoch(accountId: string, epoch: number): Promise<void> {
  const secure = appUrl().startsWith("https://");
  const name = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const jar = await cookies();
  const raw = jar.get(name)?.value;
  if (!raw) return;
  const token = await decode({ token: raw, secret: authSecret() });
  if (!token || token.accountId !== accountId) return;
  const value = await encode({ token: { ...token, epoch }, secret: authSecret(), maxAge: SESSION_MAX_AGE_S });
  jar.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_MAX_AGE_S });
}
