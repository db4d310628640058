// next-auth (v4) configuration: email + password sign-in with JWT sessions. Whether a signed-in account
// may still use a workspace is checked against the database on every request (lib/auth/session.ts), so
// suspending or removing a member takes effect at once, whatever the JWT says.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { appUrl, authSecret } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { verifyPassword } from "@/lib/services/passwords";
import { loginThrottle } from "./throttle";

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export function authOptions(): NextAuthOptions {
  process.env.NEXTAUTH_URL ??= appUrl();
  const secure = appUrl().startsWith("https://");
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    useSecureCookies: secure,
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const emailLower = parsed.data.email.toLowerCase();
          if (!loginThrottle.allowed(emailLower)) throw new Error("TooManyAttempts");
          const db = await getDb();
          const account = await db.account.findUnique({
            where: { emailLower },
            include: { memberships: { select: { status: true } } },
          });
          const ok = await verifyPassword(account?.passwordHash, parsed.data.password);
          if (!account || !ok) {
            loginThrottle.fail(emailLower);
            return null;
          }
          // Signing in needs at least one membership that is not suspended.
          if (account.memberships.length > 0 && account.memberships.every((m) => m.status === "suspended")) {
            throw new Error("Suspended");
          }
          loginThrottle.reset(emailLower);
          return { id: account.id, email: account.email, name: account.name };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.accountId = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.accountId as string;
        return session;
      },
    },
  };
}
