import type { Metadata } from "next";
import Link from "next/link";
import { isSsoErrorCode, SSO_ERRORS } from "@/lib/sso/errors";

export const metadata: Metadata = { title: "Single sign-on failed" };
export const dynamic = "force-dynamic";

const TITLES: Partial<Record<string, string>> = {
  suspended: "Your membership is suspended",
  unknown_member: "You are not a member of this workspace",
  unverified_domain: "Domain not verified",
  replayed: "This sign-in response was already used",
};

/** Why an SSO sign-in was refused. Only the error code comes from the URL; the text is ours. */
export default async function SsoErrorPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const { code } = await searchParams;
  const known = isSsoErrorCode(code);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4">
      <h1 className="text-2xl font-semibold">{(known && TITLES[code]) || "Single sign-on failed"}</h1>
      <p
        role="alert"
        data-error-code={known ? code : "unknown"}
        className="mt-4 rounded-md bg-red-50 px-4 py-3 text-red-900 dark:bg-red-950 dark:text-red-100"
      >
        {known ? SSO_ERRORS[code] : "The sign-in could not be completed."}
      </p>
      <div className="mt-6 flex gap-4 text-sm">
        <Link href="/sso" className="text-indigo-600 underline">
          Try again
        </Link>
        <Link href="/signin" className="text-indigo-600 underline">
          Sign in with a password
        </Link>
      </div>
    </main>
  );
}
