// next-auth (v4) configuration: email + password sign-in with JWT sessions. Whether a signed-in account
// may still use a workspace is checked against the database on every request (lib/auth/session.ts), so
// suspending or removing a member takes effect at once, whatever the JWT says.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { appUrl, authSecret } from "@/lib/config";
import { hasUnstorableText } from "@/lib/storable-text";
import { SsoError } from "@/lib/sso/errors";
import { BINDING_COOKIE, readCookie } from "@/lib/sso/http";
import { passwordSignIn, ssoTicketSignIn } from "@/lib/services/identity/sign-in";
import { clientAddress } from "./throttle";
import { foldCase } from "@/lib/scim/fold";

// An email the database cannot even look up (lib/storable-text.ts) is simply a wrong email, not a failed query.
const credentialsSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .refine((s) => !hasUnstorableText(s)),
  password: z.string().min(1).max(1024),
});

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export function authOptions(): NextAuthOptions {
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
          return passwordSignIn(emailLower, parsed.data.password, address);
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
          try {
            return await ssoTicketSignIn(ticket, readCookie(cookie, BINDING_COOKIE));
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
