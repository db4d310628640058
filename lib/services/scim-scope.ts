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

/** Interactive-transaction limits for SCIM writes. Prisma's defaults (2 s to start, 5 s to finish) are too
 * tight for Entra's bursts of parallel requests queueing on one row or one group; Entra waits 60 s. */
export const SCIM_TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;
