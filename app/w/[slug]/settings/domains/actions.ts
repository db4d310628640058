"use server";
// Domain actions. Each re-checks that the caller is an owner/admin of this workspace.
import { revalidatePath } from "next/cache";
import { adminForAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { addDomain, removeDomain, renewDomainCode, verifyDomain } from "@/lib/services/domains";
import { DomainError } from "@/lib/services/errors";
import { dnsResolver } from "@/lib/sso/dns";
import type { ActionState } from "@/components/action-state";
import { failed, INVALID_REQUEST, validArgs } from "../../action-helpers";

const NOT_ALLOWED = "Only workspace owners and admins can manage domains.";

/** Checks the caller, runs the change and answers the form (errors come back with the submitted values). */
async function run(slug: string, form: FormData | null, fn: (workspaceId: string) => Promise<string>): Promise<ActionState> {
  const fail = (errors: Record<string, string>) => (form ? failed(form, errors) : { errors });
  const ctx = await adminForAction(slug);
  if (!ctx) return fail({ form: NOT_ALLOWED });
  try {
    const message = await fn(ctx.workspace.id);
    revalidatePath(`/w/${slug}/settings/domains`);
    return { ok: true, message };
  } catch (e) {
    if (e instanceof DomainError) return fail({ [e.field ?? "form"]: e.message });
    throw e;
  }
}

export async function addDomainAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  if (!validArgs({ slug, form })) return INVALID_REQUEST;
  return run(slug, form, async (workspaceId) => {
    const d = await addDomain(await getDb(), workspaceId, String(form.get("domain") ?? ""));
    return `Added ${d.domain}. Publish the TXT record below, then press Verify.`;
  });
}

export async function verifyDomainAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, null, async (workspaceId) => {
    const d = await verifyDomain(await getDb(), workspaceId, id, dnsResolver());
    if (!d.verifiedAt) throw new DomainError("invalid", d.lastError ?? "Not verified yet");
    return `${d.domain} is verified.`;
  });
}

export async function renewDomainAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, null, async (workspaceId) => {
    const d = await renewDomainCode(await getDb(), workspaceId, id);
    return `New code for ${d.domain}: update the TXT record, then press Verify.`;
  });
}

export async function removeDomainAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  if (!validArgs({ slug, id })) return INVALID_REQUEST;
  return run(slug, null, async (workspaceId) => {
    await removeDomain(await getDb(), workspaceId, id);
    return "Domain removed.";
  });
}
