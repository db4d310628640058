import { redirect } from "next/navigation";
import { requireMembership } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** The workspace home: admins start at Manage members, everyone else at their profile. */
export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { isAdmin, workspace } = await requireMembership(slug);
  redirect(`/w/${workspace.slug}/${isAdmin ? "members" : "profile"}`);
}
