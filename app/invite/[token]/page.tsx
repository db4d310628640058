import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { findInvitation } from "@/lib/services/invitations";
import { AcceptForm } from "./accept-form";

export const metadata: Metadata = { title: "Join a workspace", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(await getDb(), token);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      {invitation ? (
        <>
          <h1 className="text-2xl font-semibold">Join {invitation.workspace.name}</h1>
          <p className="mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">You were invited to this workspace as {invitation.email}.</p>
          <AcceptForm token={token} email={invitation.email} name={invitation.name} hasPassword={invitation.hasPassword} />
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold">This invite link does not work</h1>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            It is invalid, has expired (links last 7 days) or was already used. Ask a workspace admin to send you a new link.
          </p>
          <p className="mt-4"><Link className="text-indigo-600 underline dark:text-indigo-400" href="/signin">Go to sign in</Link></p>
        </>
      )}
    </main>
  );
}
