"use server";
// Member management actions. Each checks that the caller is an owner/admin of the workspace named in
// the form and passes that workspace's id to the service, so an id from another workspace is not found.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { adminForAction } from "@/lib/auth/session";
import { memberUserName } from "@/lib/services/admin/members";
import { changeMemberRole, inviteMember, removeMember, setMemberSuspended } from "@/lib/services/admin/member-actions";
import { DomainError } from "@/lib/services/errors";
import { createInviteLink } from "@/lib/services/invitations";
import { confirmLink, detachLink } from "@/lib/services/identity/link-review";
import { ROLES } from "@/lib/services/workspaces";
import { domainErrorState, failed, NOT_ALLOWED, parseForm, submittedValues } from "../action-helpers";

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

/** Invites one or more people (comma, space or line separated); each becomes an "invited" member with a
 * one-time link, whether or not the email has an account elsewhere (the answer never tells). */
export async function inviteMembersAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(inviteSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  const emails = [...new Set(parsed.data.emails.split(/[\s,;]+/).filter(Boolean))];
  if (emails.length > MAX_INVITES) return failed(form, { emails: `At most ${MAX_INVITES} addresses at a time` });
  const invalid = emails.filter((e) => !z.email().safeParse(e).success);
  if (invalid.length) return failed(form, { emails: `Not a valid email address: ${invalid.slice(0, 3).join(", ")}` });
  const actor = { memberId: ctx.member.id, role: ctx.member.role };
  const refused: { email: string; message: string }[] = [];
  const inviteLinks: { email: string; url: string }[] = [];
  let invited = 0;
  for (const email of emails) {
    try {
      const member = await inviteMember(ctx.workspace.id, actor, { email, role: parsed.data.role, name: emails.length === 1 ? parsed.data.name || null : null });
      inviteLinks.push({ email, url: (await createInviteLink(ctx.workspace.id, member.id, actor)).url });
      invited++;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      refused.push({ email, message: e.message });
    }
  }
  if (invited) revalidateMembers(ctx.workspace.slug);
  if (refused.length) {
    // the addresses that were refused stay in the field, to be corrected and sent again
    const values = { ...submittedValues(form), emails: refused.map((r) => r.email).join("\n") };
    return { ok: false, message: invited ? `Invited ${invited}.` : undefined, errors: { emails: refused.map((r) => r.message).join(" ") }, values, inviteLinks };
  }
  return { ok: true, message: invited === 1 ? `Invited ${emails[0]}.` : `Invited ${invited} people.`, inviteLinks };
}

const linkSchema = z.object({ slug, memberId });

/** A new one-time invite link for a member who has not joined yet — invited, or provisioned over SCIM for an
 * email the workspace does not manage (the previous link stops working). */
export async function createInviteLinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(linkSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  try {
    const userName = await memberUserName(ctx.workspace.id, parsed.data.memberId);
    const { url } = await createInviteLink(ctx.workspace.id, parsed.data.memberId, { memberId: ctx.member.id });
    return { ok: true, message: "New invite link created; the previous link no longer works.", inviteLinks: [{ email: userName ?? "", url }] };
  } catch (e) {
    return domainErrorState(e);
  }
}

const roleSchema = z.object({ slug, memberId, role });

export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(roleSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  try {
    await changeMemberRole(ctx.workspace.id, { memberId: ctx.member.id, role: ctx.member.role }, parsed.data.memberId, parsed.data.role);
  } catch (e) {
    return domainErrorState(e);
  }
  revalidateMembers(ctx.workspace.slug);
  return { ok: true, message: "Role changed." };
}

const suspendSchema = z.object({ slug, memberId, suspend: z.enum(["true", "false"]) });

export async function setSuspendedAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(suspendSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  const suspend = parsed.data.suspend === "true";
  try {
    await setMemberSuspended(ctx.workspace.id, { memberId: ctx.member.id, role: ctx.member.role }, parsed.data.memberId, suspend);
  } catch (e) {
    return domainErrorState(e);
  }
  revalidateMembers(ctx.workspace.slug);
  return { ok: true, message: suspend ? "Member suspended." : "Member reactivated." };
}

const removeSchema = z.object({ slug, memberId });

export async function removeMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(removeSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx) return NOT_ALLOWED;
  let removed;
  try {
    removed = await removeMember(ctx.workspace.id, { memberId: ctx.member.id, role: ctx.member.role }, parsed.data.memberId);
  } catch (e) {
    return domainErrorState(e);
  }
  revalidateMembers(ctx.workspace.slug);
  const self = removed.id === ctx.member.id;
  return { ok: true, message: `Removed ${removed.userName}.`, redirectTo: self ? "/" : `/w/${ctx.workspace.slug}/members?removed=${encodeURIComponent(removed.userName)}` };
}

const reviewSchema = z.object({ slug, memberId });

/** Owners only: keep or undo an account link the identity migration marked for review. */
async function reviewLink(form: FormData, decide: typeof confirmLink, message: string): Promise<ActionState> {
  const parsed = parseForm(reviewSchema, form);
  if ("state" in parsed) return parsed.state;
  const ctx = await adminForAction(parsed.data.slug);
  if (!ctx || ctx.member.role !== "owner") return NOT_ALLOWED;
  try {
    await decide(ctx.workspace.id, parsed.data.memberId, { memberId: ctx.member.id });
  } catch (e) {
    return domainErrorState(e);
  }
  revalidateMembers(ctx.workspace.slug);
  return { ok: true, message };
}

export async function confirmLinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return reviewLink(form, confirmLink, "Link confirmed.");
}

export async function detachLinkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return reviewLink(form, detachLink, "Account detached.");
}
