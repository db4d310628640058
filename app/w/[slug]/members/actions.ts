"use server";
// Member management actions. defineAction checks that the caller is an owner/admin of the workspace named
// in the form; its id goes to the service, so an id from another workspace is not found.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { memberUserName } from "@/lib/services/admin/members";
import { changeMemberRole, inviteMember, removeMember, setMemberSuspended } from "@/lib/services/admin/member-actions";
import { DomainError } from "@/lib/services/errors";
import { createInviteLink } from "@/lib/services/invitations";
import { confirmLink, detachLink } from "@/lib/services/identity/link-review";
import { ROLES } from "@/lib/services/workspaces";
import { defineAction, submittedValues } from "../action-helpers";

const slug = z.string().min(1).max(64);
const memberId = z.string().min(1).max(64);
const role = z.enum(ROLES, { message: "Choose a role" });
const MAX_INVITES = 50;

function revalidateMembers(workspaceSlug: string) {
  revalidatePath(`/w/${workspaceSlug}/members`, "layout");
}

const inviteSchema = z.object({
  slug,
  emails: z.string().trim().min(1, "Enter at least one email address").max(20_000),
  role,
  name: z.string().trim().max(100, "At most 100 characters").optional(),
});

const members = ({ slug }: { slug: string }) => [[`/w/${slug}/members`, "layout"] as [string, "layout"]];
const actorOf = (member: { id: string; role: string }) => ({ memberId: member.id, role: member.role });

/** Invites one or more people (comma, space or line separated); each becomes an "invited" member with a
 * one-time link, whether or not the email has an account elsewhere (the answer never tells). */
export const inviteMembersAction = defineAction({
  role: "admin",
  schema: inviteSchema,
  run: async (input, { workspace, member: me, form }): Promise<ActionState> => {
    const emails = [...new Set(input.emails.split(/[\s,;]+/).filter(Boolean))];
    if (emails.length > MAX_INVITES) return { errors: { emails: `At most ${MAX_INVITES} addresses at a time` } };
    const invalid = emails.filter((e) => !z.email().safeParse(e).success);
    if (invalid.length) return { errors: { emails: `Not a valid email address: ${invalid.slice(0, 3).join(", ")}` } };
    const actor = actorOf(me);
    const refused: { email: string; message: string }[] = [];
    const inviteLinks: { email: string; url: string }[] = [];
    let invited = 0;
    for (const email of emails) {
      try {
        const member = await inviteMember(workspace.id, actor, {
          email,
          role: input.role,
          name: emails.length === 1 ? input.name || null : null,
        });
        inviteLinks.push({ email, url: (await createInviteLink(workspace.id, member.id, actor)).url });
        invited++;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        refused.push({ email, message: e.message });
      }
    }
    if (invited) revalidateMembers(workspace.slug);
    if (refused.length) {
      // the addresses that were refused stay in the field, to be corrected and sent again
      const values = { ...submittedValues(form), emails: refused.map((r) => r.email).join("\n") };
      return {
        ok: false,
        message: invited ? `Invited ${invited}.` : undefined,
        errors: { emails: refused.map((r) => r.message).join(" ") },
        values,
        inviteLinks,
      };
    }
    return { ok: true, message: invited === 1 ? `Invited ${emails[0]}.` : `Invited ${invited} people.`, inviteLinks };
  },
});

/** A new one-time invite link for a member who has not joined yet — invited, or provisioned over SCIM for an
 * email the workspace does not manage (the previous link stops working). */
export const createInviteLinkAction = defineAction({
  role: "admin",
  schema: z.object({ slug, memberId }),
  run: async ({ memberId }, { workspace, member }): Promise<ActionState> => {
    const userName = await memberUserName(workspace.id, memberId);
    const { url } = await createInviteLink(workspace.id, memberId, { memberId: member.id });
    return {
      ok: true,
      message: "New invite link created; the previous link no longer works.",
      inviteLinks: [{ email: userName ?? "", url }],
    };
  },
});

export const changeRoleAction = defineAction({
  role: "admin",
  schema: z.object({ slug, memberId, role }),
  revalidate: members,
  run: async (input, { workspace, member }) => {
    await changeMemberRole(workspace.id, actorOf(member), input.memberId, input.role);
    return "Role changed.";
  },
});

export const setSuspendedAction = defineAction({
  role: "admin",
  schema: z.object({ slug, memberId, suspend: z.enum(["true", "false"]) }),
  revalidate: members,
  run: async (input, { workspace, member }) => {
    const suspend = input.suspend === "true";
    await setMemberSuspended(workspace.id, actorOf(member), input.memberId, suspend);
    return suspend ? "Member suspended." : "Member reactivated.";
  },
});

export const removeMemberAction = defineAction({
  role: "admin",
  schema: z.object({ slug, memberId }),
  revalidate: members,
  run: async (input, { workspace, member }): Promise<ActionState> => {
    const removed = await removeMember(workspace.id, actorOf(member), input.memberId);
    const self = removed.id === member.id;
    return {
      ok: true,
      message: `Removed ${removed.userName}.`,
      redirectTo: self ? "/" : `/w/${workspace.slug}/members?removed=${encodeURIComponent(removed.userName)}`,
    };
  },
});

/** Owners only: keep or undo an account link the identity migration marked for review. */
function reviewLink(decide: typeof confirmLink, message: string) {
  return defineAction({
    role: "owner",
    schema: z.object({ slug, memberId }),
    revalidate: members,
    run: async (input, { workspace, member }) => {
      await decide(workspace.id, input.memberId, { memberId: member.id });
      return message;
    },
  });
}

export const confirmLinkAction = reviewLink(confirmLink, "Link confirmed.");

export const detachLinkAction = reviewLink(detachLink, "Account detached.");
