"use server";
// Domain actions, owners only (see requireOwner); defineAction re-checks the caller on every call.
import { addDomain, removeDomain, renewDomainCode, verifyDomain } from "@/lib/services/domains";
import { DomainError } from "@/lib/services/errors";
import { dnsResolver } from "@/lib/sso/dns";
import { defineAction } from "../../action-helpers";

const owners = {
  role: "owner",
  refused: "Only workspace owners can manage verified domains.",
  revalidate: ({ slug }: { slug: string }) => [`/w/${slug}/settings/domains`],
} as const;

export const addDomainAction = defineAction({
  ...owners,
  args: ["slug"],
  run: async (_input, { workspace, member, form }) => {
    const d = await addDomain(workspace.id, String(form.get("domain") ?? ""), { memberId: member.id });
    return `Added ${d.domain}. Publish the TXT record below, then press Verify.`;
  },
});

export const verifyDomainAction = defineAction({
  ...owners,
  args: ["slug", "id"],
  run: async ({ id }, { workspace, member }) => {
    const d = await verifyDomain(workspace.id, id, dnsResolver(), new Date(), { memberId: member.id });
    if (!d.verifiedAt) throw new DomainError("invalid", d.lastError ?? "Not verified yet");
    return `${d.domain} is verified.`;
  },
});

export const renewDomainAction = defineAction({
  ...owners,
  args: ["slug", "id"],
  run: async ({ id }, { workspace }) => {
    const d = await renewDomainCode(workspace.id, id);
    return `New code for ${d.domain}: update the TXT record, then press Verify.`;
  },
});

export const removeDomainAction = defineAction({
  ...owners,
  args: ["slug", "id"],
  run: async ({ id }, { workspace, member }) => {
    await removeDomain(workspace.id, id, { memberId: member.id });
    return "Domain removed.";
  },
});
