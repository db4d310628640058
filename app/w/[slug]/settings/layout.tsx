// Workspace settings sections. Each page checks access itself; this only renders the tabs: single sign-on
// and verified domains are for owners only (lib/auth/session.ts requireOwner says why).
import { NavLinks } from "@/components/nav-links";
import { requireAdmin } from "@/lib/auth/session";

export default async function SettingsLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const base = `/w/${slug}/settings`;
  const { member } = await requireAdmin(slug);
  const owner = member.role === "owner";
  return (
    <div className="space-y-6">
      <nav aria-label="Settings sections" className="border-b border-zinc-200 pb-2 dark:border-zinc-800">
        <NavLinks
          links={[
            { href: base, label: "Connect SCIM", exact: true },
            ...(owner
              ? [
                  { href: `${base}/sso`, label: "Single sign-on" },
                  { href: `${base}/domains`, label: "Verified domains" },
                  { href: `${base}/webhooks`, label: "Webhooks" },
                  { href: `/w/${slug}/guardrail`, label: "Deprovisioning guardrail" },
                ]
              : []),
          ]}
        />
      </nav>
      {children}
    </div>
  );
}
