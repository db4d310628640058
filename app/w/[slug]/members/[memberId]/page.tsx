// One member: badges, actions, attributes as provisioned, groups and the provisioning timeline.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, ScimBadge, StatusBadge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { MemberAttributes } from "@/components/member-attributes";
import { Card } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { parseAttributes } from "@/lib/services/admin/member-attributes";
import { assignableRoles, manageRefusal, ROLE_LABELS, SOURCE_LABELS } from "@/lib/services/admin/member-rules";
import { getMemberDetail } from "@/lib/services/admin/members";
import { memberTimelineItems } from "@/lib/services/admin/member-timeline";
import { memberName } from "../members-table";
import { MemberActionsPanel } from "./member-actions-panel";
import { NewInviteLink } from "./new-invite-link";
import { MemberHistory } from "./member-history";

export const metadata: Metadata = { title: "Member" };
export const dynamic = "force-dynamic";

export default async function MemberPage({ params }: { params: Promise<{ slug: string; memberId: string }> }) {
  const { slug, memberId } = await params;
  const { workspace, member: me } = await requireAdmin(slug);
  const m = await getMemberDetail(workspace.id, memberId);
  if (!m) notFound();
  const timeline = await memberTimelineItems(workspace.id, m.id);
  const now = new Date();
  const name = memberName(m);
  const scim = m.source === "scim";
  const base = `/w/${workspace.slug}`;
  const actor = { memberId: me.id, role: me.role };
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link className={linkClass} href={`${base}/members`}>
          ← Members
        </Link>
      </nav>
      <div className="mb-6 flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{name}</h1>
          <p className="mt-1 break-all text-sm text-zinc-600 dark:text-zinc-400">{m.email ?? m.userName}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <StatusBadge status={m.status} />
            <Badge tone="sky">{ROLE_LABELS[m.role] ?? m.role}</Badge>
            {scim ? <ScimBadge tokenLabel={m.tokenLabel} /> : <Badge>{SOURCE_LABELS[m.source] ?? m.source}</Badge>}
            {m.id === me.id && <Badge>You</Badge>}
          </div>
        </div>
        <MemberActionsPanel
          slug={workspace.slug}
          member={m}
          name={name}
          isSelf={m.id === me.id}
          roles={assignableRoles(me.role)}
          canManage={manageRefusal(actor, m) === null}
        />
      </div>
      {!m.accountId && m.status !== "suspended" && manageRefusal(actor, m) === null && (
        <NewInviteLink slug={workspace.slug} memberId={m.id} />
      )}
      {scim && (
        <p className="mb-6 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950 dark:text-indigo-200">
          This member is provisioned by your identity provider{m.tokenLabel ? ` (token “${m.tokenLabel}”)` : ""}. Their
          name, email and other attributes are read-only here: change them in your identity provider.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="Attributes" description={scim ? "As provisioned over SCIM." : "Added by hand."}>
            <MemberAttributes
              view={parseAttributes(m.attributes)}
              managed={scim}
              manager={m.manager ? { id: m.manager.id, name: m.manager.displayName ?? m.manager.userName } : null}
              managerHref={(id) => `${base}/members/${id}`}
            />
          </Card>
          <Card title="Timeline" description="What admins and your identity provider did to this member, newest first.">
            <MemberHistory slug={workspace.slug} items={timeline} now={now} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card title={`Groups (${m.groups.length})`}>
            {m.groups.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Not in any group.</p>
            ) : (
              <ul className="space-y-1.5 text-sm">
                {m.groups.map((g) => (
                  <li key={g.id}>
                    <Link className={linkClass} href={`${base}/groups/${g.id}`}>
                      {g.displayName}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Record">
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">Member ID (SCIM id)</dt>
                <dd className="break-all font-mono text-xs">{m.id}</dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">Added</dt>
                <dd>{m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">Last changed</dt>
                <dd>{m.updatedAt.toISOString().replace("T", " ").slice(0, 19)} UTC</dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">Account</dt>
                <dd>{m.accountId ? "Joined (linked to their account)" : "Not joined yet"}</dd>
              </div>
            </dl>
          </Card>
        </div>
      </div>
    </>
  );
}
