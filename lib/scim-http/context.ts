// Per-request state of one SCIM call: who is calling (token → workspace), what was touched (for the
// provisioning log), the request id, and the query parameters every read and write response honours.
import type { Logger } from "@/lib/log";
import type { ScimScope } from "@/lib/services/scim/scope";

export interface Touched {
  resourceType?: string;
  resourceId?: string | null;
  externalId?: string | null;
  userName?: string | null;
  displayName?: string | null;
  /** JSON of the attribute paths a user write changed (lib/scim/user/changed-paths.ts) */
  changes?: string | null;
  /** JSON of the attribute names a user write carried (lib/scim/user/sent-attributes.ts) */
  sentAttributes?: string | null;
}

export interface ScimRequest {
  req: Request;
  url: URL;
  scope: ScimScope;
  /** path segments after /scim/v2, as sent (ids keep their case) */
  segments: string[];
  touched: Touched;
  /** the request's id (request-id.ts) and the logger that carries it */
  requestId: string;
  log: Logger;
}
