// Who may call, and how often: the bearer token decides the workspace (lib/services/scim/access.ts), the
// token's rate limit and the workspace's plan decide whether the request is served at all.
import { ScimError } from "@/lib/scim/errors";
import { authenticate, type Authenticated } from "@/lib/services/scim/access";
import { rateLimitConfig, scimRateLimiter } from "./rate-limit";

export type Verdict =
  | { ok: true; auth: Authenticated }
  | {
      ok: false;
      error: ScimError;
      headers: Record<string, string>;
      who?: { workspaceId: string; tokenId?: string; tokenLabel?: string };
    };

/** The token's verdict. Throws when the database cannot be reached (the first query of every request). */
export async function authorize(req: Request): Promise<Verdict> {
  const auth = await authenticate(req.headers.get("authorization"));
  if (auth.ok) return { ok: true, auth };
  const error = new ScimError(401, unauthorizedDetail(auth.reason));
  // A revoked or expired token still names its workspace: its admins see the refused request in their log.
  const who = auth.workspaceId
    ? { workspaceId: auth.workspaceId, tokenId: auth.tokenId, tokenLabel: auth.tokenLabel }
    : undefined;
  return { ok: false, error, headers: { "WWW-Authenticate": 'Bearer realm="SCIM"' }, who };
}

/** Refuses a request its token may not make now: over the token's rate limit (429 with Retry-After), or a
 * workspace without SCIM on its plan (403). */
export function admission(auth: Authenticated): { error: ScimError; headers: Record<string, string> } | null {
  const retryAfter = scimRateLimiter.take(auth.tokenId, rateLimitConfig());
  if (retryAfter > 0) {
    const { rps, burst } = rateLimitConfig();
    return {
      error: new ScimError(
        429,
        `Too many requests for this token (limit ${rps}/s, bursts of ${burst}); retry after ${retryAfter} s`,
      ),
      headers: { "Retry-After": String(retryAfter) },
    };
  }
  if (auth.workspace.plan !== "enterprise") {
    return {
      error: new ScimError(
        403,
        `SCIM provisioning needs the Enterprise plan; workspace "${auth.workspace.slug}" is on the ${auth.workspace.plan} plan. Upgrade the workspace, then retry.`,
      ),
      headers: {},
    };
  }
  return null;
}

function unauthorizedDetail(reason: string): string {
  switch (reason) {
    case "missing":
      return 'Missing Authorization header: send "Authorization: Bearer <SCIM token>"';
    case "malformed":
      return 'The Authorization header must be "Bearer <SCIM token>"';
    case "revoked":
      return "This SCIM token was revoked. Generate a new token in Workspace settings → Connect SCIM";
    case "expired":
      return "This SCIM token has expired. Generate a new token in Workspace settings → Connect SCIM";
    default:
      return "Invalid SCIM token. Copy the token exactly as shown when it was generated";
  }
}
