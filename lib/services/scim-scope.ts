// What every SCIM service call is scoped to: the workspace the bearer token belongs to.
import type { Provider } from "@/lib/db/url";

export interface ScimScope {
  workspaceId: string;
  /** the token making the request; recorded on members and groups it creates */
  tokenId: string | null;
  /** `<APP_URL>/scim/v2`, for `meta.location` and `$ref` */
  baseUrl: string;
  provider: Provider;
}

/** Optimistic-concurrency retries for read-modify-write of one user document. */
export const MAX_WRITE_ATTEMPTS = 8;
