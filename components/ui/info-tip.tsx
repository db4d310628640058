"use client";
// An "i" button with a tooltip (Radix, shown on hover and keyboard focus). Used to explain why
// SCIM-managed values are read-only; the text is also the button's description for screen readers.
import { Info } from "lucide-react";
import { Tooltip } from "./tooltip";

export function InfoTip({ text, label = "Why is this read-only?" }: { text: string; label?: string }) {
  return (
    <Tooltip content={text}>
      <button
        type="button"
        aria-label={label}
        aria-description={text}
        className="inline-flex h-5 w-5 items-center justify-center rounded-full align-middle text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        <Info aria-hidden="true" className="h-4 w-4" />
      </button>
    </Tooltip>
  );
}
