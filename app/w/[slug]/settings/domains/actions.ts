"use server";
// Domain actions. Each re-checks that the caller is an owner of this workspace (see requireOwner).
import { addDomain, removeDomain, renewDomainCode, verifyDomain } from "@/lib/services/domains";
import type { AuditActor } from "@/lib/services/audit";
import { DomainError } from "@/lib/services/errors";
import { dnsResolver } from "@/lib/sso/dns";
import type { ActionState } from "@/components/action-state";
import { INVALID_REQUEST, runAsOwner, validArgs } from "../../action-helpers";

const NOT_ALLOWED = "Only workspace owners can manage verified domains.";

const run = (slug: string, form: FormData | null, fn: (workspaceId: string, actor: AuditActor) => Promise<string>) =>
  runAsOwner(slug, form, { refused: NOT_ALLOWED, path: `/w/${slug}/settings/domains` }, (ctx) => fn(ctx.workspace.id, { memberId: ctx.member.id }));

export async function addDomainAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  if (!validArgs({ slug, form })) return INVALID_REQUEST;
  return run(slug, form, async (workspaceId, actor) => {
    const d = await addDomain(workspaceId, String(form.get("domain") ?? ""), actor);
    return `Added ${d.domain}. Publish the TXT record below, then press Verify.`;
  });
}

export async function verifyDomainAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, null, async (workspaceId, actor) => {
    const d = await verifyDomain(workspaceId, id, dnsResolver(), new Date(), actor);
    if (!d.verifiedAt) throw new DomainError("invalid", d.lastError ?? "Not verified yet");
    return `${d.domain} is verified.`;
  });
}

export async function renewDomainAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, null, async (workspaceId) => {
    const d = await renewDomainCode(workspaceId, id);
    return `New code for ${d.domain}: update the TXT record, then press Verify.`;
  });
}

export async function removeDomainAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, null, async (workspaceId, actor) => {
    await removeDomain(workspaceId, id, actor);
    return "Domain removed.";
  });
}
