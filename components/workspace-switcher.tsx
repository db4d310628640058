"use client";
// Disclosure menu listing the person's workspaces. Keyboard: Enter/Space opens, Escape closes and
// returns focus to the button, Tab moves through the links.
import Link from "next/link";
import { useId, useRef, useState } from "react";

interface WorkspaceLink {
  slug: string;
  name: string;
  role: string;
}

export function WorkspaceSwitcher({ current, workspaces }: { current: WorkspaceLink; workspaces: WorkspaceLink[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  if (workspaces.length < 2) {
    return <span className="truncate font-semibold">{current.name}</span>;
  }
  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Escape" && open) {
      setOpen(false);
      button.current?.focus();
    }
  }
  return (
    <div
      className="relative"
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="flex max-w-[16rem] items-center gap-1 rounded-md px-2 py-1 font-semibold hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <span className="truncate">{current.name}</span>
        <span aria-hidden="true" className="text-xs text-zinc-500">
          ▾
        </span>
        <span className="sr-only">, switch workspace</span>
      </button>
      <div
        id={id}
        hidden={!open}
        className="absolute left-0 z-30 mt-1 w-72 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        <p className="px-3 py-1.5 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          Your workspaces
        </p>
        <ul>
          {workspaces.map((w) => (
            <li key={w.slug}>
              <Link
                href={`/w/${w.slug}`}
                aria-current={w.slug === current.slug ? "page" : undefined}
                onClick={() => setOpen(false)}
                className="flex items-center justify-between rounded-md px-3 py-2 text-sm hover:bg-zinc-100 aria-[current=page]:bg-indigo-50 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-indigo-950"
              >
                <span className="truncate">{w.name}</span>
                <span className="ml-2 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                  {w.role.replace("_", " ")}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
