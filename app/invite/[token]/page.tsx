import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/sign-out-button";
import { currentAccount } from "@/lib/auth/session";
import { foldCase } from "@/lib/scim/fold";
import { findInvitation } from "@/lib/services/invitations";
import { JoinAsAccountForm, NewAccountForm } from "./accept-form";

export const metadata: Metadata = { title: "Join a workspace", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const linkClass = "text-indigo-600 underline dark:text-indigo-400";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(token);
  if (!invitation) {
    return (
      <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
        <h1 className="text-2xl font-semibold">This invite link does not work</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          It is invalid, has expired (links last 7 days) or was already used. Ask a workspace admin to send you a new
          link.
        </p>
        <p className="mt-4">
          <Link className={linkClass} href="/signin">
            Go to sign in
          </Link>
        </p>
      </main>
    );
  }
  const account = await currentAccount();
  const signInHref = `/signin?next=${encodeURIComponent(`/invite/${token}`)}&email=${encodeURIComponent(invitation.email)}`;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-10">
      <h1 className="text-2xl font-semibold">Join {invitation.workspace.name}</h1>
      <p className="mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        You were invited to this workspace as {invitation.email}.
      </p>
      {account && account.emailLower === foldCase(invitation.email) ? (
        <JoinAsAccountForm token={token} email={account.email} />
      ) : account ? (
        <div className="space-y-4 text-sm">
          <p
            role="status"
            className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            You are signed in as {account.email}, but this invitation is for {invitation.email}. Sign out, then open the
            link again.
          </p>
          <SignOutButton />
        </div>
      ) : (
        <>
          <p className="mb-4 text-sm">
            Already have an account for {invitation.email}?{" "}
            <Link className={linkClass} href={signInHref}>
              Sign in to accept
            </Link>
            .
          </p>
          <h2 className="mb-3 text-lg font-medium">New here? Create your account</h2>
          <NewAccountForm token={token} email={invitation.email} name={invitation.name} />
        </>
      )}
    </main>
  );
}
