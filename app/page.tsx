import { redirect } from "next/navigation";
import { currentAccountId } from "@/lib/auth/session";
import { firstWorkspaceSlug } from "@/lib/services/admin/workspace";
import { countWorkspaces } from "@/lib/services/workspaces";

export const dynamic = "force-dynamic";

/** Sends people where they belong: first-run setup, sign-in, or their first workspace. */
export default async function Home() {
  if ((await countWorkspaces()) === 0) redirect("/setup");
  const accountId = await currentAccountId();
  if (!accountId) redirect("/signin");
  const slug = await firstWorkspaceSlug(accountId);
  if (!slug) redirect("/signin?error=NoWorkspace");
  redirect(`/w/${slug}`);
}
