// next-auth (v4) configuration: email + password sign-in with JWT sessions. Whether a signed-in account
// may still use a workspace is checked against the database on every request (lib/auth/session.ts), so
// suspending or removing a member takes effect at once, whatever the JWT says.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { appUrl, authSecret } from "@/lib/config";
import { database, getDb } from "@/lib/db/client";
import { hasUnstorableText } from "@/lib/storable-text";
import { verifyPassword } from "@/lib/services/passwords";
import { passwordBlocked } from "@/lib/services/sso/connections";
import { redeemLoginTicket } from "@/lib/services/sso/login-tickets";
import { SsoError } from "@/lib/sso/errors";
import { BINDING_COOKIE, readCookie } from "@/lib/sso/http";
import { loginAllowed, loginFailed, loginSucceeded } from "@/lib/services/login-throttle";
import { clientAddress, dummyPasswordHash } from "./throttle";
import { foldCase } from "@/lib/scim/fold";

// An email the database cannot even look up (lib/storable-text.ts) is simply a wrong email, not a failed query.
const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320).refine((s) => !hasUnstorableText(s)),
  password: z.string().min(1).max(1024),
});

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
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const emailLower = foldCase(parsed.data.email);
          // Throttled per (account, client address) and per client address, counted in the database
          // (lib/services/login-throttle.ts) so that every server process sees the same failures.
          const address = clientAddress(req?.headers as Record<string, string> | undefined);
          const db = await getDb();
          const { sql } = database();
          if (!(await loginAllowed(sql, emailLower, address))) throw new Error("TooManyAttempts");
          const account = await db.account.findUnique({
            where: { emailLower },
            include: { memberships: { select: { status: true, role: true, workspace: { select: { ssoConnection: { select: { enforce: true } } } } } } },
          });
          // No account (or no password): verify against a dummy hash, so the answer takes as long.
          const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), parsed.data.password) && !!account?.passwordHash;
          if (!account || !ok) {
            await loginFailed(sql, emailLower, address);
            return null;
          }
          // Signing in needs at least one membership that is not suspended. Invitations don't count either
          // way: an account with only pending ones signs in to accept them.
          const joined = account.memberships.filter((m) => m.status !== "invited");
          if (joined.length > 0 && joined.every((m) => m.status === "suspended")) {
            throw new Error("Suspended");
          }
          // Enforce SSO: password sign-in needs one active membership that still allows it (owners always do).
          const usable = joined.filter((m) => m.status !== "suspended");
          if (usable.length > 0 && usable.every((m) => passwordBlocked(m.workspace.ssoConnection?.enforce, m.role))) {
            throw new Error("SsoRequired");
          }
          await loginSucceeded(sql, emailLower, address);
          return { id: account.id, email: account.email, name: account.name, authMethod: "password", epoch: account.sessionEpoch };
        },
      }),
      // Second step of SSO sign-in: the one-time ticket that the SAML ACS / OIDC callback issued after
      // validating the identity provider's answer, redeemed in the browser that started the flow.
      CredentialsProvider({
        id: "sso",
        name: "Single sign-on",
        credentials: { ticket: { label: "Ticket", type: "text" } },
        async authorize(raw, req) {
          const ticket = typeof raw?.ticket === "string" ? raw.ticket : "";
          const cookie = (req?.headers as Record<string, string | undefined> | undefined)?.cookie;
          const db = await getDb();
          try {
            const { accountId, workspaceId } = await redeemLoginTicket(ticket, readCookie(cookie, BINDING_COOKIE));
            const account = await db.account.findUnique({ where: { id: accountId } });
            if (!account) return null;
            return { id: account.id, email: account.email, name: account.name, authMethod: "sso", ssoWorkspaceId: workspaceId, epoch: account.sessionEpoch };
          } catch (e) {
            if (e instanceof SsoError) throw new Error("SsoTicket", { cause: e });
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      // next-auth's default throws on a callbackUrl that is no URL (`http://[`, from the parameter or the
      // callback-url cookie) and answers 500: only this site's own paths and URLs are followed.
      async redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
      async jwt({ token, user }) {
        if (user) {
          const u = user as { id: string; authMethod?: string; ssoWorkspaceId?: string; epoch?: number };
          token.accountId = u.id;
          token.epoch = u.epoch ?? 0;
          token.authMethod = u.authMethod ?? "password";
          token.ssoWorkspaceId = u.ssoWorkspaceId;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) {
          const su = session.user as { id?: string; authMethod?: string; ssoWorkspaceId?: string; epoch?: number };
          su.id = token.accountId as string;
          su.epoch = typeof token.epoch === "number" ? token.epoch : 0;
          su.authMethod = token.authMethod as string | undefined;
          su.ssoWorkspaceId = token.ssoWorkspaceId as string | undefined;
        }
        return session;
      },
    },
  };
}

/** `url` when it is a path or a URL of this site, else the site's root. */
export function safeRedirect(url: string, baseUrl: string): string {
  try {
    const base = new URL(baseUrl);
    const target = new URL(url, base);
    if (target.origin !== base.origin || !/^https?:$/.test(target.protocol)) return baseUrl;
    return target.toString();
  } catch {
    return baseUrl;
  }
}
