// The signed-in workspace shell: workspace switcher, section navigation (admin sections only for
// owners/admins), the signed-in person and sign-out. requireMembership 404s for non-members.
import { GuardrailBanner } from "@/components/guardrail-banner";
import { NavLinks } from "@/components/nav-links";
import { SignOutButton } from "@/components/sign-out-button";
import { WorkspaceSwitcher } from "@/components/workspace-switcher";
import { requireMembership } from "@/lib/auth/session";
import { workspacesOfAccount } from "@/lib/services/admin/workspace";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { account, member, workspace, isAdmin } = await requireMembership(slug);
  const workspaces = await workspacesOfAccount(account.id);
  const base = `/w/${workspace.slug}`;
  const links = isAdmin
    ? [
        { href: `${base}/members`, label: "Members" },
        { href: `${base}/groups`, label: "Groups" },
        { href: `${base}/log`, label: "Provisioning log" },
        { href: `${base}/audit`, label: "Audit log" },
        { href: `${base}/settings`, label: "Settings" },
        { href: `${base}/profile`, label: "My profile" },
      ]
    : [{ href: `${base}/profile`, label: "My profile" }];
  return (
    <div className="min-h-screen bg-zinc-50 dark:bg-zinc-950">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-2">
            <span
              aria-hidden="true"
              className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-indigo-600 text-sm font-bold text-white"
            >
              {workspace.name.slice(0, 1).toUpperCase()}
            </span>
            <WorkspaceSwitcher
              current={{ slug: workspace.slug, name: workspace.name, role: member.role }}
              workspaces={workspaces}
            />
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-zinc-600 sm:inline dark:text-zinc-400" title={account.email}>
              {account.name ?? account.email}
            </span>
            <SignOutButton />
          </div>
        </div>
        <nav aria-label="Workspace" className="mx-auto max-w-7xl px-2 pb-2 sm:px-4">
          <NavLinks links={links} />
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
        {member.role === "owner" && <GuardrailBanner workspaceId={workspace.id} slug={workspace.slug} />}
        {children}
      </main>
    </div>
  );
}
