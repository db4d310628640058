// The Offboarding policy card of workspace settings: owners edit it; admins read it.
import { Card } from "@/components/page-header";
import { getOffboardingPolicy } from "@/lib/services/offboarding";
import { OffboardingForm } from "./offboarding-form";

export async function OffboardingCard({
  slug,
  workspaceId,
  isOwner,
}: {
  slug: string;
  workspaceId: string;
  isOwner: boolean;
}) {
  const policy = await getOffboardingPolicy(workspaceId);
  return (
    <Card
      id="offboarding"
      title="Offboarding policy"
      description="What happens when your identity provider deletes someone, and whether members it suspended are removed after a while to free their place."
    >
      {isOwner ? (
        <OffboardingForm slug={slug} deleteAction={policy.deleteAction} removeAfterDays={policy.removeAfterDays} />
      ) : (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          A delete from the identity provider {policy.deleteAction === "suspend" ? "suspends" : "removes"} the member.{" "}
          {policy.removeAfterDays === null
            ? "Members suspended by SCIM are never removed automatically."
            : `Members suspended by SCIM are removed after ${policy.removeAfterDays} days.`}{" "}
          Only owners can change this.
        </p>
      )}
    </Card>
  );
}
