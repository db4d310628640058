import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; setup?: string; joined?: string; email?: string; next?: string }>;
}) {
  const { error, setup, joined, email, next } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to your workspace</h1>
      {setup && !error && (
        <p
          role="status"
          className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
        >
          Your workspace is ready. Sign in with the owner email and password you just chose.
        </p>
      )}
      {joined && !error && (
        <p
          role="status"
          className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
        >
          You joined the workspace. Sign in with your email and password.
        </p>
      )}
      <SignInForm
        initialError={error}
        initialEmail={typeof email === "string" ? email : undefined}
        next={typeof next === "string" ? next : undefined}
      />
      <p className="mt-6 text-center text-sm">
        <Link href="/sso" className="text-indigo-600 underline">
          Sign in with SSO
        </Link>
      </p>
    </main>
  );
}
