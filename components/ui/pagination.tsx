// Previous / next links for keyset-paginated lists, the range shown ("1–50 of 5,717") and a page-size
// choice. `params` are the current filters, kept in the links.
import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { buttonClass } from "./button";
import { formatRange } from "./format";

export const PAGE_SIZES = [25, 50, 100, 200] as const;

interface PaginationProps {
  basePath: string;
  params: Record<string, string | undefined>;
  prev: string | null;
  next: string | null;
  label: string;
  /** with the range: the position of the page's first row (0-based), its row count and the total */
  range?: { offset: number; rows: number; total: number };
  /** the page size in use, to offer the others */
  size?: number;
}

function href(
  basePath: string,
  params: Record<string, string | undefined>,
  extra: Record<string, string>,
  drop: string[] = [],
) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v && k !== "after" && k !== "before" && !drop.includes(k)) sp.set(k, v);
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  const qs = sp.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

export function Pagination({ basePath, params, prev, next, label, range, size }: PaginationProps) {
  if (!prev && !next && !range) return null;
  const disabled = `${buttonClass("secondary", "sm")} pointer-events-none opacity-50`;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <div className="flex flex-wrap items-center gap-3 text-sm text-zinc-600 dark:text-zinc-400">
        {range && (
          <span aria-live="polite" className="tabular-nums">
            {formatRange(range.offset + 1, range.offset + range.rows, range.total)}
          </span>
        )}
        {size && (
          <span className="flex items-center gap-1">
            <span>Per page:</span>
            {PAGE_SIZES.map((s) =>
              s === size ? (
                <span
                  key={s}
                  aria-current="true"
                  className="rounded px-1.5 font-semibold text-zinc-900 dark:text-zinc-100"
                >
                  {s}
                </span>
              ) : (
                <Link
                  key={s}
                  className="rounded px-1.5 underline-offset-2 hover:underline"
                  href={href(basePath, params, { size: String(s) }, ["size"])}
                  aria-label={`${s} per page`}
                >
                  {s}
                </Link>
              ),
            )}
          </span>
        )}
      </div>
      {(prev || next) && (
        <div className="flex gap-2">
          {prev ? (
            <Link className={buttonClass("secondary", "sm")} href={href(basePath, params, { before: prev })} rel="prev">
              <ChevronLeft aria-hidden="true" className="h-4 w-4" />
              Previous
            </Link>
          ) : (
            <span className={disabled} aria-disabled="true">
              <ChevronLeft aria-hidden="true" className="h-4 w-4" />
              Previous
            </span>
          )}
          {next ? (
            <Link className={buttonClass("secondary", "sm")} href={href(basePath, params, { after: next })} rel="next">
              Next
              <ChevronRight aria-hidden="true" className="h-4 w-4" />
            </Link>
          ) : (
            <span className={disabled} aria-disabled="true">
              Next
              <ChevronRight aria-hidden="true" className="h-4 w-4" />
            </span>
          )}
        </div>
      )}
    </nav>
  );
}
