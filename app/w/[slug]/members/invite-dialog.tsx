"use client";
// "Invite members" button and dialog: one or more emails and a role. Nothing is emailed: the action
// creates a one-time link per person, and the dialog then shows those links for the admin to copy and
// send. Invited members appear with the Invited status until they accept their link.
import { Input, Select, Textarea } from "@/components/ui/input";
import { useState } from "react";
import { useFormAction } from "@/components/use-form-action";
import { shown, type ActionState } from "@/components/action-state";
import { buttonClass } from "@/components/ui/styles";
import { Dialog } from "@/components/ui/dialog";
import { inviteMembersAction } from "./actions";
import { InviteLinks } from "./invite-links";

const ROLE_TEXT: Record<string, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  member_lite: "Member Lite",
};

export function InviteDialog({ slug, roles }: { slug: string; roles: string[] }) {
  const [open, setOpen] = useState(false);
  // each opening starts from an empty form (the body, and its action state, are mounted anew)
  const [round, setRound] = useState(0);
  return (
    <>
      <button
        type="button"
        className={buttonClass("primary")}
        onClick={() => {
          setRound((r) => r + 1);
          setOpen(true);
        }}
      >
        Invite members
      </button>
      <InviteDialogBody key={round} slug={slug} roles={roles} open={open} close={() => setOpen(false)} />
    </>
  );
}

function InviteDialogBody({
  slug,
  roles,
  open,
  close,
}: {
  slug: string;
  roles: string[];
  open: boolean;
  close: () => void;
}) {
  const setOpen = (o: false) => {
    if (!o) close();
  };
  const [escapeWarning, setEscapeWarning] = useState(false);
  const [state, action, pending] = useFormAction<ActionState>(
    async (prev, form) => {
      setEscapeWarning(false);
      return inviteMembersAction(prev, form);
    },
    {},
    { inline: true },
  );
  const links = state.inviteLinks ?? [];
  const showLinks = links.length > 0 && !pending;
  const e = state.errors ?? {};
  return (
    <Dialog
      open={open}
      onClose={() => setOpen(false)}
      onEscape={() => {
        if (!showLinks) return true;
        setEscapeWarning(true);
        return false;
      }}
      title={showLinks ? "Copy the invite links" : "Invite members"}
      description={
        showLinks ? (
          <>
            {state.message} Nothing is emailed: send each person their link yourself. Each link is shown only now and
            works once, for 7 days.
          </>
        ) : (
          "Each person gets a one-time invite link for the email address you enter here; you send it to them. SCIM-provisioned members do not need an invitation."
        )
      }
    >
      {showLinks && (
        <div className="mt-4 space-y-3">
          <InviteLinks links={links} />
          {escapeWarning && (
            <p
              role="alert"
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
            >
              The links cannot be shown again once this dialog closes. Copy them first, then press “Done”.
            </p>
          )}
        </div>
      )}
      {(!showLinks || e.emails) && (
        <form action={action} className="mt-4 space-y-4" noValidate>
          <input type="hidden" name="slug" value={slug} />
          <div>
            <label htmlFor="invite-emails" className="block text-sm font-medium">
              Email addresses
            </label>
            <Textarea
              id="invite-emails"
              name="emails"
              rows={3}
              required
              defaultValue={shown(state, "emails")}
              placeholder="ada@example.com, grace@example.com"
              className="mt-1"
              aria-invalid={e.emails ? true : undefined}
              aria-describedby={e.emails ? "invite-emails-error" : "invite-emails-hint"}
            />
            {e.emails ? (
              <p id="invite-emails-error" className="mt-1 text-sm text-red-700 dark:text-red-300">
                {e.emails}
              </p>
            ) : (
              <p id="invite-emails-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                Separate several addresses with commas or new lines (up to 50).
              </p>
            )}
          </div>
          <div>
            <label htmlFor="invite-name" className="block text-sm font-medium">
              Name <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional, for a single invite)</span>
            </label>
            <Input id="invite-name" name="name" maxLength={100} defaultValue={shown(state, "name")} className="mt-1" />
          </div>
          <div>
            <label htmlFor="invite-role" className="block text-sm font-medium">
              Role
            </label>
            {/* keyed by the value to show: React applies a select's defaultValue only when it mounts */}
            <Select
              key={shown(state, "role", "member")}
              id="invite-role"
              name="role"
              defaultValue={shown(state, "role", "member")}
              className="mt-1"
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_TEXT[r] ?? r}
                </option>
              ))}
            </Select>
          </div>
          {(e.form || e.role) && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {e.form ?? e.role}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => setOpen(false)}>
              {showLinks ? "Done" : "Cancel"}
            </button>
            <button type="submit" className={buttonClass("primary")} disabled={pending}>
              {pending ? "Creating links…" : "Create invite links"}
            </button>
          </div>
        </form>
      )}
      {showLinks && !e.emails && (
        <div className="mt-4 flex justify-end">
          <button type="button" className={buttonClass("primary")} onClick={() => setOpen(false)}>
            Done
          </button>
        </div>
      )}
    </Dialog>
  );
}
