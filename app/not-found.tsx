// Any address the app does not know (outside a workspace, or a workspace the person cannot see).
import type { Metadata } from "next";
import Link from "next/link";
import { linkClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        The address may be mistyped, or the page was removed or belongs to a workspace you are not in.
      </p>
      <p className="mt-6">
        <Link className={linkClass} href="/">
          Go to your workspace
        </Link>
      </p>
    </main>
  );
}
