"use client";
// An "i" marker with a tooltip shown on hover and on keyboard focus, read by screen readers through
// aria-describedby. Used to explain why SCIM-managed values are read-only.
import { useId } from "react";

export function InfoTip({ text, label = "Why is this read-only?" }: { text: string; label?: string }) {
  const id = useId();
  return (
    <span className="group relative inline-flex align-middle">
      <button type="button" aria-label={label} aria-describedby={id}
        className="inline-flex h-4 w-4 items-center justify-center rounded-full border border-zinc-400 text-[10px] font-bold leading-none text-zinc-600 dark:border-zinc-500 dark:text-zinc-300">
        i
      </button>
      <span id={id} role="tooltip"
        className="pointer-events-none invisible absolute bottom-full left-1/2 z-20 mb-2 w-56 -translate-x-1/2 rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs font-normal text-white opacity-0 shadow-lg transition-opacity group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100 dark:bg-zinc-100 dark:text-zinc-900">
        {text}
      </span>
    </span>
  );
}
