"use server";
// Domain actions. Each re-checks that the caller is an owner of this workspace (see requireOwner).
import { revalidatePath } from "next/cache";
import { ownerForAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { addDomain, removeDomain, renewDomainCode, verifyDomain } from "@/lib/services/domains";
import type { AuditActor } from "@/lib/services/audit";
import { DomainError } from "@/lib/services/errors";
import { dnsResolver } from "@/lib/sso/dns";
import type { FormState } from "@/components/sso/action-form";
import { INVALID_REQUEST, validArgs } from "../../action-helpers";

const NOT_ALLOWED: FormState = { error: "Only workspace owners can manage verified domains." };

async function run(slug: string, fn: (workspaceId: string, actor: AuditActor) => Promise<string>): Promise<FormState> {
  const ctx = await ownerForAction(slug);
  if (!ctx) return NOT_ALLOWED;
  try {
    const ok = await fn(ctx.workspace.id, { memberId: ctx.member.id });
    revalidatePath(`/w/${slug}/settings/domains`);
    return { ok };
  } catch (e) {
    if (e instanceof DomainError) return e.field ? { fieldErrors: { [e.field]: e.message } } : { error: e.message };
    throw e;
  }
}

export async function addDomainAction(slug: string, _prev: FormState, form: FormData): Promise<FormState> {
  if (!validArgs({ slug, form })) return INVALID_REQUEST;
  return run(slug, async (workspaceId, actor) => {
    const d = await addDomain(await getDb(), workspaceId, String(form.get("domain") ?? ""), actor);
    return `Added ${d.domain}. Publish the TXT record below, then press Verify.`;
  });
}

export async function verifyDomainAction(slug: string, id: string, _prev: FormState): Promise<FormState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, async (workspaceId, actor) => {
    const d = await verifyDomain(await getDb(), workspaceId, id, dnsResolver(), new Date(), actor);
    if (!d.verifiedAt) throw new DomainError("invalid", d.lastError ?? "Not verified yet");
    return `${d.domain} is verified.`;
  });
}

export async function renewDomainAction(slug: string, id: string, _prev: FormState): Promise<FormState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, async (workspaceId) => {
    const d = await renewDomainCode(await getDb(), workspaceId, id);
    return `New code for ${d.domain}: update the TXT record, then press Verify.`;
  });
}

export async function removeDomainAction(slug: string, id: string, _prev: FormState): Promise<FormState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, async (workspaceId, actor) => {
    await removeDomain(await getDb(), workspaceId, id, actor);
    return "Domain removed.";
  });
}
