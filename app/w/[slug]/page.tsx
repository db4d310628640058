import { requireMembership } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

// Placeholder workspace home for the sso branch (main has the real one: take main's on merge).
// requireMembership signs suspended members out and applies Enforce SSO.
export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { account, workspace } = await requireMembership(slug);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">{workspace.name}</h1>
      <p className="mt-2">{account.name ?? account.email}</p>
    </main>
  );
}
