"use client";
// One-time invite links, shown right after they are created. Only a hash is stored, so they cannot be
// shown again: the admin copies each link and sends it to the person (email, chat…).
import { CopyButton } from "@/components/copy-button";

export function InviteLinks({ links }: { links: { email: string; url: string }[] }) {
  if (!links.length) return null;
  return (
    <section aria-label="Invite links" className="w-full rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
      <p className="font-medium">Send each person their invite link — it is shown only now and works once, for 7 days.</p>
      <ul className="mt-2 space-y-2">
        {links.map((l) => (
          <li key={l.url} className="flex flex-wrap items-center gap-2">
            <span className="min-w-40 font-medium">{l.email}</span>
            <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs dark:bg-zinc-900" data-testid="invite-link">{l.url}</code>
            <CopyButton value={l.url} label="Copy link" />
          </li>
        ))}
      </ul>
    </section>
  );
}
