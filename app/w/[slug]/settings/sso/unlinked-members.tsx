// Before "Enforce SSO": members who have not signed in with SSO yet, and whether their first sign-in
// can match them (userName/email on a verified domain). Counted in full; only the first few are listed
// (those who cannot be matched first), with a link to the members list for the rest.
import Link from "next/link";
import { linkClass } from "@/components/ui/styles";

interface Row {
  id: string;
  userName: string;
  email: string | null;
  displayName: string | null;
  role: string;
  matchable: boolean;
}

export function UnlinkedMembers({
  summary,
  membersHref,
}: {
  summary: { total: number; blocked: number; rows: Row[] };
  membersHref: string;
}) {
  const { total, blocked, rows } = summary;
  if (total === 0) {
    return (
      <p className="text-sm text-green-800 dark:text-green-300">
        Every member (other than owners) is linked to an SSO identity.
      </p>
    );
  }
  const n = (x: number) => x.toLocaleString("en");
  return (
    <div className="space-y-2" data-testid="unlinked-members">
      <p className="text-sm">
        <strong>
          {n(total)} member{total === 1 ? " has" : "s have"} not been matched yet
        </strong>{" "}
        (never signed in with SSO).
        {blocked > 0 && (
          <>
            {" "}
            {n(blocked)} cannot be matched: their userName and email are not on a verified domain, so enforcing SSO
            would lock them out.
          </>
        )}
      </p>
      <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
        {rows.map((m) => (
          <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 px-3 py-1.5">
            <Link className={`${linkClass} min-w-0 break-words`} href={`${membersHref}/${m.id}`}>
              {m.displayName ? `${m.displayName} · ` : ""}
              {m.userName}
            </Link>
            {m.matchable ? (
              <span className="text-zinc-600 dark:text-zinc-400">will match by email</span>
            ) : (
              <span className="text-red-700 dark:text-red-300">cannot match: not on a verified domain</span>
            )}
          </li>
        ))}
      </ul>
      {total > rows.length && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Showing {n(rows.length)} of {n(total)}.{" "}
          <Link className={linkClass} href={membersHref}>
            See all members
          </Link>
        </p>
      )}
    </div>
  );
}
