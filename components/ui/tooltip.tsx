"use client";
// A tooltip on Radix (radix-ui): shown on hover and keyboard focus, read by screen readers. The trigger
// must be focusable for keyboard users; `Truncate` makes a one-line, ellipsised text its own trigger.
import { Tooltip as T } from "radix-ui";

export function TooltipProvider({ children }: { children: React.ReactNode }) {
  return <T.Provider delayDuration={300}>{children}</T.Provider>;
}

export function Tooltip({ content, children }: { content: React.ReactNode; children: React.ReactElement }) {
  return (
    <T.Root>
      <T.Trigger asChild>{children}</T.Trigger>
      <T.Portal>
        <T.Content
          sideOffset={4}
          className="z-50 max-w-xs break-words rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
        >
          {content}
          <T.Arrow className="fill-zinc-900 dark:fill-zinc-100" />
        </T.Content>
      </T.Portal>
    </T.Root>
  );
}
