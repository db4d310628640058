// The signed-in person's own membership: role, status, attributes and groups. Everyone can see it;
// members and Member Lite users land here (admin pages send them here with ?denied=1).
import type { Metadata } from "next";
import { Badge, ScimBadge, StatusBadge } from "@/components/ui/badge";
import { MemberAttributes } from "@/components/member-attributes";
import { Card, PageHeader } from "@/components/page-header";
import { requireMembership } from "@/lib/auth/session";
import { parseAttributes } from "@/lib/services/admin/member-attributes";
import { ROLE_LABELS, SOURCE_LABELS } from "@/lib/services/admin/member-rules";
import { getOwnProfile } from "@/lib/services/admin/members";
import Link from "next/link";
import { linkClass } from "@/components/ui/styles";
import { NameForm, PasswordForm } from "./account-forms";

export const metadata: Metadata = { title: "My profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ denied?: string }>;
}) {
  const { slug } = await params;
  const { denied } = await searchParams;
  const { workspace, member, account, isAdmin } = await requireMembership(slug);
  const me = await getOwnProfile(workspace.id, member.id);
  if (!me) return null;
  const scim = me.source === "scim";
  return (
    <>
      {denied && (
        <p
          role="alert"
          className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          That page is only for workspace owners and admins. Ask one of them if you need access.
        </p>
      )}
      <PageHeader
        title={me.displayName ?? account.name ?? me.userName}
        description={
          <>
            {me.email ?? me.userName} · {workspace.name}
          </>
        }
      />
      <div className="mb-6 flex flex-wrap gap-2">
        <Badge tone="sky">{ROLE_LABELS[me.role] ?? me.role}</Badge>
        <StatusBadge status={me.status} />
        {scim ? <ScimBadge tokenLabel={me.tokenLabel} /> : <Badge>{SOURCE_LABELS[me.source] ?? me.source}</Badge>}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Card
            title="Your details"
            description={
              scim
                ? "Your organization manages these through its identity provider. Ask your IT team to change them."
                : "Ask a workspace admin to change your role."
            }
          >
            <MemberAttributes
              view={parseAttributes(me.attributes)}
              managed={scim}
              manager={me.manager ? { id: me.manager.id, name: me.manager.displayName ?? me.manager.userName } : null}
            />
          </Card>
        </div>
        <Card title={`Groups (${me.groups.length})`}>
          {me.groups.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">You are not in any group.</p>
          ) : (
            <ul className="space-y-1.5 text-sm">
              {me.groups.map((g) => (
                <li key={g.id}>
                  {isAdmin ? (
                    <Link className={linkClass} href={`/w/${workspace.slug}/groups/${g.id}`}>
                      {g.displayName}
                    </Link>
                  ) : (
                    g.displayName
                  )}
                </li>
              ))}
            </ul>
          )}
          {/* A group's page lists its members' emails, roles and statuses: the member directory, which only
              owners and admins see (requireAdmin); so members see their groups' names without links. */}
          {!isAdmin && me.groups.length > 0 && (
            <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
              Group pages, with their members, are visible to workspace admins.
            </p>
          )}
        </Card>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card
          id="account-name"
          title="Your name"
          description={
            <>
              Shown to the people in your workspaces. Your email ({account.email}) is your sign-in and cannot be changed
              here.
            </>
          }
        >
          <NameForm name={account.name ?? ""} />
        </Card>
        <Card id="account-password" title="Password">
          {account.passwordHash ? (
            <PasswordForm />
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              You sign in with single sign-on, so there is no password to change here.
            </p>
          )}
        </Card>
      </div>
    </>
  );
}
