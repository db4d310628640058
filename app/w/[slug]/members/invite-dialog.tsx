"use client";
// "Invite members" button and dialog: one or more emails and a role. Invited members appear with the
// Invited status until they accept their one-time link.
import { useActionState, useState } from "react";
import type { ActionState } from "@/components/action-state";
import { buttonClass, inputClass } from "@/components/button-styles";
import { Dialog } from "@/components/dialog";
import { inviteMembersAction } from "./actions";
import { InviteLinks } from "./invite-links";

const ROLE_TEXT: Record<string, string> = { owner: "Owner", admin: "Admin", member: "Member", member_lite: "Member Lite" };

export function InviteDialog({ slug, roles }: { slug: string; roles: string[] }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<ActionState, FormData>(async (prev, form) => {
    const result = await inviteMembersAction(prev, form);
    if (result.ok) setOpen(false);
    return result;
  }, {});
  const e = state.errors ?? {};
  return (
    <>
      <button type="button" className={buttonClass("primary")} onClick={() => setOpen(true)}>Invite members</button>
      {state.ok && state.message && !open && (
        <p role="status" className="self-center text-sm text-emerald-700 dark:text-emerald-300">{state.message}</p>
      )}
      {!open && <InviteLinks links={state.inviteLinks ?? []} />}
      <Dialog open={open} onClose={() => setOpen(false)} title="Invite members"
        description="Invited people can join with the email address you enter here. SCIM-provisioned members do not need an invitation.">
        <form action={action} className="mt-4 space-y-4" noValidate>
          <input type="hidden" name="slug" value={slug} />
          <div>
            <label htmlFor="invite-emails" className="block text-sm font-medium">Email addresses</label>
            <textarea id="invite-emails" name="emails" rows={3} required placeholder="ada@example.com, grace@example.com"
              className={`mt-1 ${inputClass}`} aria-invalid={e.emails ? true : undefined}
              aria-describedby={e.emails ? "invite-emails-error" : "invite-emails-hint"} />
            {e.emails ? (
              <p id="invite-emails-error" className="mt-1 text-sm text-red-700 dark:text-red-300">{e.emails}</p>
            ) : (
              <p id="invite-emails-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Separate several addresses with commas or new lines (up to 50).</p>
            )}
          </div>
          <div>
            <label htmlFor="invite-name" className="block text-sm font-medium">Name <span className="font-normal text-zinc-500">(optional, for a single invite)</span></label>
            <input id="invite-name" name="name" maxLength={100} className={`mt-1 ${inputClass}`} />
          </div>
          <div>
            <label htmlFor="invite-role" className="block text-sm font-medium">Role</label>
            <select id="invite-role" name="role" defaultValue="member" className={`mt-1 ${inputClass}`}>
              {roles.map((r) => <option key={r} value={r}>{ROLE_TEXT[r] ?? r}</option>)}
            </select>
          </div>
          {(e.form || e.role) && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{e.form ?? e.role}</p>}
          {!state.ok && state.message && <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">{state.message}</p>}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => setOpen(false)}>Cancel</button>
            <button type="submit" className={buttonClass("primary")} disabled={pending}>{pending ? "Inviting…" : "Send invites"}</button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
