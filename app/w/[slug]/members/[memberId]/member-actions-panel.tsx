// Role, suspend/reactivate and remove for one member, each behind a confirmation dialog. For
// SCIM-managed members the dialogs explain what the identity provider will do on its next sync.
import { Select } from "@/components/ui/input";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ROLE_LABELS } from "@/lib/services/admin/member-rules";
import { changeRoleAction, removeMemberAction, setSuspendedAction } from "../actions";

interface Props {
  slug: string;
  member: { id: string; role: string; status: string; source: string; userName: string };
  name: string;
  isSelf: boolean;
  /** roles the signed-in admin may assign */
  roles: string[];
  /** false when only owners may manage this member */
  canManage: boolean;
}

export function MemberActionsPanel({ slug, member, name, isSelf, roles, canManage }: Props) {
  const scim = member.source === "scim";
  const fields = { slug, memberId: member.id };
  const suspended = member.status === "suspended";
  if (!canManage) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Only owners can change an owner.</p>;
  }
  return (
    <div className="flex flex-wrap gap-2">
      <ConfirmAction
        action={changeRoleAction}
        fields={fields}
        trigger="Change role"
        title={`Change the role of ${name}`}
        confirmLabel="Change role"
        description={
          <>
            {isSelf && (
              <span className="block font-medium">
                You are changing your own role and may lose access to these admin pages.
              </span>
            )}
            {scim ? (
              <span className="block">
                This member is managed by your identity provider. If it sends a <code>userType</code> (admin, user or
                member_lite), the next change there overwrites the role you set here.
              </span>
            ) : (
              <span className="block">
                Owners and admins can manage the workspace; Member Lite has free features only.
              </span>
            )}
          </>
        }
      >
        <div>
          <label htmlFor="new-role" className="block text-sm font-medium">
            Role
          </label>
          <Select id="new-role" name="role" defaultValue={member.role} className="mt-1">
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r] ?? r}
              </option>
            ))}
          </Select>
        </div>
      </ConfirmAction>
      {suspended ? (
        <ConfirmAction
          action={setSuspendedAction}
          fields={{ ...fields, suspend: "false" }}
          trigger="Reactivate"
          title={`Reactivate ${name}?`}
          confirmLabel="Reactivate"
          description={
            scim
              ? "They can sign in again. Your identity provider manages this member: if it is deactivated there, the next sync suspends it again."
              : "They can sign in and use the workspace again."
          }
        />
      ) : (
        <ConfirmAction
          action={setSuspendedAction}
          fields={{ ...fields, suspend: "true" }}
          trigger="Suspend"
          danger
          title={`Suspend ${name}?`}
          confirmLabel="Suspend member"
          description={
            <>
              <span className="block">
                They are signed out at once and cannot sign in; their content is kept and they keep no seat until
                reactivated.{isSelf && " You will lose access to this workspace."}
              </span>
              {scim && (
                <span className="mt-2 block font-medium">
                  Managed by your identity provider: Entra ID and Okta send the member’s status on every sync and will
                  reactivate them if they are still assigned. To remove access for good, unassign them in the identity
                  provider.
                </span>
              )}
            </>
          }
        />
      )}
      <ConfirmAction
        action={removeMemberAction}
        fields={fields}
        trigger="Remove"
        triggerVariant="danger"
        danger
        title={`Remove ${name} from the workspace?`}
        confirmLabel="Remove member"
        description={
          <>
            <span className="block">
              {member.userName} loses access and leaves all groups. This cannot be undone.
              {isSelf && " You are removing yourself."}
            </span>
            {scim && (
              <span className="mt-2 block font-medium">
                Managed by your identity provider: if they are still assigned there, the identity provider may fail to
                update them or create them again. Prefer unassigning them in the identity provider.
              </span>
            )}
          </>
        }
      />
    </div>
  );
}
