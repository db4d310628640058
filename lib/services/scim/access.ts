// How a SCIM request reaches the database: the services open the process-wide connection themselves (the
// HTTP edge, lib/scim-http, never touches it), authenticate the bearer token, build the scope every other
// call is confined to, and queue the request's provisioning event.
import { database, getDb } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import { recordEvent, type ProvisioningEventInput } from "@/lib/services/provisioning-log";
import { verifyBearer, type TokenCheck } from "@/lib/services/tokens";
import type { ScimScope } from "./scope";

/** The connection SCIM services run on, once SQLite pragmas are in place. Throws when the database is
 * unreachable (the edge answers 503). */
export async function scimSql(): Promise<Sql> {
  await getDb();
  return database().sql;
}

/** The bearer token's verdict: which workspace, with which powers, or why not. The first query of every
 * request, so it is also where an unreachable database shows. */
export async function authenticate(authorization: string | null): Promise<TokenCheck> {
  return verifyBearer(await scimSql(), authorization);
}

export type Authenticated = Extract<TokenCheck, { ok: true }>;

/** What every service call of this request is scoped to: the token's workspace. */
export function scopeOf(auth: Authenticated, baseUrl: string): ScimScope {
  return {
    workspaceId: auth.workspace.id,
    tokenId: auth.tokenId,
    tokenLabel: auth.tokenLabel,
    baseUrl,
    provider: database().provider,
    ownerPowers: auth.ownerPowers,
    webhooks: auth.settings.webhooks,
    guardrail: auth.settings.guardrailOff ? "off" : undefined,
    notes: [],
  };
}

/** Queues the request's provisioning event (written in batches, see provisioning-log.ts). Only called once
 * authentication reached the database, so the connection is open. */
export function recordScimEvent(e: ProvisioningEventInput): void {
  recordEvent(database().sql, e);
}
