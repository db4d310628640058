"use client";
// An unexpected error while rendering a page: say so plainly, offer a retry, and show the digest that
// matches the server log line (never the error's message, which could hold internal details).
import Link from "next/link";
import { buttonClass, linkClass } from "@/components/ui/styles";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center px-4 text-center">
      <p className="text-sm font-semibold text-red-700 dark:text-red-300">Error</p>
      <h1 className="mt-2 text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        The page could not be shown. Try again; if it keeps happening, give your administrator this reference:{" "}
        <code className="font-mono">{error.digest ?? "none"}</code>.
      </p>
      <div className="mt-6 flex items-center justify-center gap-4">
        <button type="button" className={buttonClass("primary")} onClick={reset}>
          Try again
        </button>
        <Link className={linkClass} href="/">
          Go to your workspace
        </Link>
      </div>
    </main>
  );
}
