// An OpenID Connect provider for tests (oidc-provider), on loopback: discovery, authorization code flow
// with PKCE, a login page where the tester picks a user, consent skipped (first-party client).
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface OpUser {
  sub: string;
  email: string;
  given_name?: string;
  family_name?: string;
}

export interface TestOidcOp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, OpUser>;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** `redirectUris`: the app's callback URLs the client is registered with. */
export async function startOidcOp(redirectUris: string[]): Promise<TestOidcOp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const users = new Map<string, OpUser>();
  const clientId = "workspace-app";
  const clientSecret = "test-client-secret-0123456789abcdef";
  const client = {
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    response_types: ["code"],
    grant_types: ["authorization_code"],
    token_endpoint_auth_method: "client_secret_basic",
  };

  const provider = new Provider(issuer, {
    clients: [client],
    cookies: { keys: ["test-cookie-key-not-secret"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["given_name", "family_name", "name"] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    findAccount: async (_ctx: unknown, sub: string) => {
      const user = [...users.values()].find((u) => u.sub === sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          ...user,
          email_verified: true,
          name: [user.given_name, user.family_name].filter(Boolean).join(" "),
        }),
      };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // First-party test client: grant the requested scopes without a consent screen.
    loadExistingGrant: async (ctx: {
      oidc: { client: { clientId: string }; session: { accountId: string }; provider: Provider };
    }) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  server.on("request", async (req, res) => {
    const m = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? "");
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (!m[2]) {
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.end(
          `<!doctype html><html><head><title>Test OP</title></head><body><h1>Test identity provider (OpenID Connect)</h1>` +
            `<form method="post" action="/interaction/${esc(details.uid)}/login"><label>IdP username <input name="username" autocomplete="off"/></label> ` +
            `<button type="submit">Sign in at IdP</button></form></body></html>`,
        );
        return;
      }
      let body = "";
      for await (const chunk of req) body += chunk;
      const user = users.get((new URLSearchParams(body).get("username") ?? "").toLowerCase());
      if (!user) {
        res.statusCode = 401;
        res.end("Unknown user at the test OP");
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub } },
        { mergeWithLastSubmission: false },
      );
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });

  return {
    issuer,
    clientId,
    clientSecret,
    users,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
