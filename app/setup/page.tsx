import type { Metadata } from "next";
import Link from "next/link";
import { countWorkspaces } from "@/lib/services/workspaces";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  const done = (await countWorkspaces()) > 0;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4">
      {done ? (
        <>
          <h1 className="text-2xl font-semibold">Setup is complete</h1>
          <p className="mt-4">
            This server already has a workspace.{" "}
            <Link className="text-indigo-700 underline dark:text-indigo-300" href="/signin">
              Sign in
            </Link>
            , or ask an owner to invite you.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold">Set up your workspace</h1>
          <p className="mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            This creates the first workspace (Enterprise plan, so SCIM provisioning is available) and you as its owner.
            You can also do this from a terminal:{" "}
            <code className="text-xs">npm run admin -- workspace create --help</code>.
          </p>
          <SetupForm />
        </>
      )}
    </main>
  );
}
