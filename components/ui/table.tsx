// Data tables: a bordered, horizontally scrollable frame whose header stays in view while the rows
// scroll (from the md breakpoint up, the frame scrolls inside the window), sortable headers (links that
// set ?sort=&dir=, with aria-sort), cells that truncate with the full text in a tooltip, rows that are
// links as a whole (the row's main link stretches over it), and an empty state.
import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn } from "./cn";
import { Tooltip } from "./tooltip";

/** `compact`: tighter cells, for wide tables (the provisioning log) and small ones inside a card. */
export function Table({
  caption,
  children,
  className,
  compact,
}: {
  caption: string;
  children: React.ReactNode;
  className?: string;
  compact?: boolean;
}) {
  return (
    // `relative`: the frame is the containing block of anything absolutely positioned inside (sr-only
    // text), which would otherwise widen the page on a phone
    <div
      className={cn(
        "relative overflow-auto rounded-xl border border-zinc-200 bg-white md:max-h-[calc(100dvh-14rem)] dark:border-zinc-800 dark:bg-zinc-900/60",
        className,
      )}
    >
      <table className={cn("w-full text-left text-sm", compact && "[&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2")}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="sticky top-0 z-10 border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
      <tr>{children}</tr>
    </thead>
  );
}

export interface SortState {
  /** the column's sort key */
  key: string;
  /** the current sort of the list */
  current: { key: string; dir: "asc" | "desc" };
  /** the link for a sort, keeping the current filters */
  href: (key: string, dir: "asc" | "desc") => string;
}

/** A column header; with `sort`, a link that sorts by this column (again: the other direction). */
export function Th({
  children,
  sort,
  className,
}: {
  children?: React.ReactNode;
  sort?: SortState;
  className?: string;
}) {
  const cls = cn("px-4 py-2.5 font-medium", className);
  if (!sort)
    return (
      <th scope="col" className={cls}>
        {children}
      </th>
    );
  const active = sort.current.key === sort.key;
  const next = active && sort.current.dir === "asc" ? "desc" : "asc";
  const Icon = !active ? ArrowUpDown : sort.current.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <th
      scope="col"
      className={cls}
      aria-sort={active ? (sort.current.dir === "asc" ? "ascending" : "descending") : "none"}
    >
      <Link
        href={sort.href(sort.key, next)}
        className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        {children}
        <Icon aria-hidden="true" className={cn("h-3.5 w-3.5", !active && "opacity-40")} />
      </Link>
    </th>
  );
}

export function TBody({ children }: { children: React.ReactNode }) {
  return <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">{children}</tbody>;
}

/** A row; `linked` when one of its cells holds a RowLink, which then covers the whole row. */
export function Tr({
  children,
  linked,
  className,
}: {
  children: React.ReactNode;
  linked?: boolean;
  className?: string;
}) {
  return <tr className={cn(linked && "relative hover:bg-zinc-50 dark:hover:bg-zinc-800/40", className)}>{children}</tr>;
}

/** The row's first cell, naming the row for screen readers (scope="row"). */
export function RowHeader({ children, className }: { children?: React.ReactNode; className?: string }) {
  return (
    <th scope="row" className={cn("px-4 py-2.5 font-medium", className)}>
      {children}
    </th>
  );
}

export function Td({ children, className }: { children?: React.ReactNode; className?: string }) {
  return <td className={cn("px-4 py-2.5", className)}>{children}</td>;
}

/** The row's main link, stretched over the whole row (other links in the row stay clickable above it). */
export function RowLink({
  href,
  children,
  className,
}: {
  href: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <Link
      href={href}
      className={cn(
        "font-medium text-indigo-700 underline-offset-2 after:absolute after:inset-0 after:content-[''] hover:underline dark:text-indigo-300",
        className,
      )}
    >
      {children}
    </Link>
  );
}

/** One line of text, cut with an ellipsis; the full text in a tooltip. */
export function Truncate({ text, className }: { text: string; className?: string }) {
  return (
    <Tooltip content={text}>
      <span className={cn("block max-w-full truncate", className)}>{text}</span>
    </Tooltip>
  );
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return (
    <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
      {children}
    </p>
  );
}
