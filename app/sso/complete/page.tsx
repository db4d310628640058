import type { Metadata } from "next";
import { CompleteSignIn } from "./complete-sign-in";

export const metadata: Metadata = { title: "Signing in…" };
export const dynamic = "force-dynamic";

export default async function SsoCompletePage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  const { to } = await searchParams;
  // Only paths inside this app: never an open redirect.
  const target = to && /^\/w\/[a-z0-9-]+$/.test(to) ? to : "/";
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <CompleteSignIn to={target} />
    </main>
  );
}
