import type { Metadata } from "next";
import { Input } from "@/components/ui/input";
import { buttonClass } from "@/components/ui/button";
import Link from "next/link";
import { isSsoErrorCode, SSO_ERRORS } from "@/lib/sso/errors";

export const metadata: Metadata = { title: "Sign in with SSO" };
export const dynamic = "force-dynamic";

const EXTRA: Record<string, string> = {
  invalid_email: "Enter your work email address.",
  SsoRequired: "Your workspace requires single sign-on. Sign in with SSO below.",
};

/** "Sign in with SSO": the email's verified domain selects the workspace and its identity provider.
 * A plain form post, so it works without JavaScript. */
export default async function SsoStartPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; email?: string }>;
}) {
  const { error, email } = await searchParams;
  const message = error ? (isSsoErrorCode(error) ? SSO_ERRORS[error] : (EXTRA[error] ?? "Single sign-on failed.")) : "";
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="mb-2 text-2xl font-semibold">Sign in with SSO</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Enter your work email. You will continue at your organisation&apos;s identity provider.
      </p>
      <form method="post" action="/api/sso/start" className="space-y-4">
        <div>
          <label htmlFor="sso-email" className="block text-sm font-medium">
            Work email
          </label>
          <Input
            id="sso-email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={email ?? ""}
            className="mt-1"
          />
        </div>
        {message && (
          <p
            role="alert"
            className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {message}
          </p>
        )}
        <button type="submit" className={buttonClass("primary", "md", "w-full")}>
          Continue with SSO
        </button>
      </form>
      <p className="mt-6 text-center text-sm">
        <Link href="/signin" className="text-indigo-600 underline">
          Sign in with a password instead
        </Link>
      </p>
    </main>
  );
}
