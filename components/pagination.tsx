// Previous / next links for keyset-paginated lists. `params` are the current filters, kept in the links.
import Link from "next/link";
import { buttonClass } from "./button-styles";

interface PaginationProps {
  basePath: string;
  params: Record<string, string | undefined>;
  prev: string | null;
  next: string | null;
  label: string;
}

function href(basePath: string, params: Record<string, string | undefined>, cursor: Record<string, string>) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v && k !== "after" && k !== "before") sp.set(k, v);
  for (const [k, v] of Object.entries(cursor)) sp.set(k, v);
  const qs = sp.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

export function Pagination({ basePath, params, prev, next, label }: PaginationProps) {
  if (!prev && !next) return null;
  const disabled = `${buttonClass("secondary", "sm")} pointer-events-none opacity-50`;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-2">
      {prev ? (
        <Link className={buttonClass("secondary", "sm")} href={href(basePath, params, { before: prev })} rel="prev">← Previous</Link>
      ) : (
        <span className={disabled} aria-disabled="true">← Previous</span>
      )}
      {next ? (
        <Link className={buttonClass("secondary", "sm")} href={href(basePath, params, { after: next })} rel="next">Next →</Link>
      ) : (
        <span className={disabled} aria-disabled="true">Next →</span>
      )}
    </nav>
  );
}
