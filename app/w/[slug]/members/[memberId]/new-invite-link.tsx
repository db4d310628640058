"use client";
// "New invite link" for a member who has not joined yet: creates a fresh one-time link and shows it once.
import { useFormAction } from "@/components/use-form-action";
import type { ActionState } from "@/components/action-state";
import { buttonClass } from "@/components/ui/styles";
import { createInviteLinkAction } from "../actions";
import { InviteLinks } from "../invite-links";

export function NewInviteLink({ slug, memberId }: { slug: string; memberId: string }) {
  const [state, action, pending] = useFormAction<ActionState>(createInviteLinkAction, {});
  return (
    <div className="space-y-2">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="memberId" value={memberId} />
        <button type="submit" className={buttonClass("secondary")} disabled={pending}>
          {pending ? "Creating…" : "New invite link"}
        </button>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          This person has not joined yet. A new link replaces the previous one.
        </span>
      </form>
      {state.errors?.form && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {state.errors.form}
        </p>
      )}
      <InviteLinks links={state.inviteLinks ?? []} />
    </div>
  );
}
