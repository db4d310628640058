"use client";
// "Waiting for the identity provider's first request": polls the setup status every few seconds and
// refreshes the page once a request has arrived.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function ScimWaiting({ slug }: { slug: string }) {
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    const timer = window.setInterval(async () => {
      try {
        const res = await fetch(`/w/${slug}/setup-status`, { cache: "no-store" });
        const body = res.ok ? ((await res.json()) as { scim?: string }) : null;
        if (!stopped && body?.scim === "connected") {
          window.clearInterval(timer);
          router.refresh();
        }
      } catch {
        // offline for a moment: try again at the next tick
      }
    }, 4000);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [slug, router]);
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-amber-800 dark:text-amber-200">
      <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-amber-500" />
      Waiting for the identity provider’s first request…
    </span>
  );
}
