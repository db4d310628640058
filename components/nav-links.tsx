"use client";
// The workspace's section navigation; marks the current section with aria-current.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({
  links,
  label,
}: {
  links: { href: string; label: string; exact?: boolean }[];
  label?: string;
}) {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto" aria-label={label}>
      {links.map((l) => {
        const current = pathname === l.href || (!l.exact && pathname.startsWith(`${l.href}/`));
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={current ? "page" : undefined}
              className="block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-800 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-200"
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
