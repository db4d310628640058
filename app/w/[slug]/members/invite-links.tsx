"use client";
// One-time invite links, shown right after they are created. Only a hash is stored, so they cannot be
// shown again: the admin copies each link and sends it to the person (email, chat…).
import { CopyButton } from "@/components/ui/copy-button";

export function InviteLinks({ links }: { links: { email: string; url: string }[] }) {
  if (!links.length) return null;
  return (
    <section
      aria-label="Invite links"
      className="w-full min-w-0 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950"
    >
      <ul className="space-y-3">
        {links.map((l) => (
          <li key={l.url} className="min-w-0">
            <span className="block break-words font-medium">{l.email}</span>
            <div className="mt-1 flex min-w-0 items-center gap-2">
              <code
                className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs dark:bg-zinc-900"
                data-testid="invite-link"
                title={l.url}
              >
                {l.url}
              </code>
              <CopyButton value={l.url} label="Copy link" />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
