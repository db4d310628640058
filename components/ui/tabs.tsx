"use client";
// Tabs on Radix (radix-ui): arrow keys move between tabs, the panel is labelled by its tab.
import { Tabs as T } from "radix-ui";

export function Tabs({
  label,
  tabs,
  defaultTab,
}: {
  label: string;
  tabs: { id: string; title: string; content: React.ReactNode }[];
  defaultTab?: string;
}) {
  return (
    <T.Root defaultValue={defaultTab ?? tabs[0]?.id}>
      <T.List aria-label={label} className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
        {tabs.map((t) => (
          <T.Trigger
            key={t.id}
            value={t.id}
            className="-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900 data-[state=active]:border-indigo-600 data-[state=active]:text-indigo-800 dark:text-zinc-400 dark:hover:text-zinc-100 dark:data-[state=active]:text-indigo-200"
          >
            {t.title}
          </T.Trigger>
        ))}
      </T.List>
      {tabs.map((t) => (
        <T.Content key={t.id} value={t.id} className="pt-3 focus-visible:outline-2">
          {t.content}
        </T.Content>
      ))}
    </T.Root>
  );
}
