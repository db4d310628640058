// Who may do what to a member, as pure rules shared by the server actions and the pages (which hide
// buttons the actions would refuse anyway). The last-owner check needs the database and lives in
// member-actions.ts.
import type { Role } from "@/lib/services/workspaces";

export interface Actor {
  memberId: string;
  role: string;
}

export interface Target {
  id: string;
  role: string;
}

/** Why `actor` may not change `target` (to `newRole`, when given), or null when allowed. Only owners
 * manage owners or hand out the owner role. Acting on yourself is allowed (e.g. an owner stepping down
 * once there is another owner); the last-owner check still applies. */
export function manageRefusal(actor: Actor, target: Target, newRole?: Role): string | null {
  if (actor.role !== "owner" && actor.role !== "admin") return "Only owners and admins can manage members.";
  if (actor.role !== "owner" && (target.role === "owner" || newRole === "owner")) {
    return "Only owners can change owners or make someone an owner.";
  }
  return null;
}

/** Roles an actor may pick when inviting or changing a role. */
export function assignableRoles(actorRole: string): Role[] {
  return actorRole === "owner" ? ["owner", "admin", "member", "member_lite"] : ["admin", "member", "member_lite"];
}

export const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  member_lite: "Member Lite",
};

export const STATUS_LABELS: Record<string, string> = { active: "Active", invited: "Invited", suspended: "Suspended" };

export const SOURCE_LABELS: Record<string, string> = { manual: "Manual", scim: "SCIM", sso: "SSO" };

/** Sets `active` in a stored SCIM document (JSON text), keeping everything else as it was. */
export function withActive(attributes: string, active: boolean): string {
  let doc: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(attributes);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      doc = parsed as Record<string, unknown>;
  } catch {
    // rebuild from nothing rather than keep an unreadable document
  }
  return JSON.stringify({ ...doc, active });
}
