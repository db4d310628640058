"use client";
// Approve and Discard, each confirmed in the app's dialog.
import { ConfirmAction } from "@/components/ui/confirm-action";
import { approveHeldAction, discardHeldAction } from "./actions";

export function ReviewButtons({ slug, count }: { slug: string; count: number }) {
  const changes = `${count} held ${count === 1 ? "change" : "changes"}`;
  return (
    <div className="flex flex-wrap gap-2">
      <ConfirmAction
        action={approveHeldAction}
        fields={{ slug }}
        trigger="Approve all"
        triggerVariant="primary"
        danger
        title={`Apply ${changes}?`}
        description="They are applied in the order they arrived, as if the identity provider's requests had gone through now: the people are suspended or removed, webhooks are sent, and the provisioning log records each one."
        confirmLabel="Apply them"
      />
      <ConfirmAction
        action={discardHeldAction}
        fields={{ slug }}
        trigger="Discard all"
        title={`Discard ${changes}?`}
        description="Nobody is suspended or removed. Your identity provider believes these changes were applied and will not send them again: restart provisioning in Entra (Provisioning → Restart provisioning) so it compares every user again and sends what is still needed."
        confirmLabel="Discard them"
      />
    </div>
  );
}
