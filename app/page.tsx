import { redirect } from "next/navigation";
import { currentAccountId } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { countWorkspaces } from "@/lib/services/workspaces";

export const dynamic = "force-dynamic";

/** Sends people where they belong: first-run setup, sign-in, or their first workspace. */
export default async function Home() {
  const db = await getDb();
  if ((await countWorkspaces(db)) === 0) redirect("/setup");
  const accountId = await currentAccountId();
  if (!accountId) redirect("/signin");
  const first = await db.member.findFirst({
    where: { accountId, status: "active" },
    orderBy: { createdAt: "asc" },
    include: { workspace: { select: { slug: true } } },
  });
  if (!first) redirect("/signin?error=NoWorkspace");
  redirect(`/w/${first.workspace.slug}`);
}
