import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to your workspace</h1>
      <SignInForm initialError={error} />
      <p className="mt-6 text-center text-sm"><Link href="/sso" className="text-indigo-600 underline">Sign in with SSO</Link></p>
    </main>
  );
}
