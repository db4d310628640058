// Owners' list of account links made under the old rules (lib/services/identity/link-review.ts): each is
// confirmed or detached here, or with `npm run admin -- links …`.
import Link from "next/link";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { linkClass } from "@/components/ui/styles";
import type { listLinkReviews } from "@/lib/services/identity/link-review";
import { confirmLinkAction, detachLinkAction } from "./actions";

type Row = Awaited<ReturnType<typeof listLinkReviews>>[number];

export function LinkReview({ slug, rows }: { slug: string; rows: Row[] }) {
  if (!rows.length) return null;
  return (
    <section
      aria-labelledby="link-review"
      className="mb-6 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <h2 id="link-review" className="font-semibold">
        {rows.length === 1 ? "1 account link to review" : `${rows.length} account links to review`}
      </h2>
      <p className="mt-1">
        These members were linked to someone&rsquo;s account under the rules before this version, which today&rsquo;s
        would not allow. Confirm the ones you know; detach the others (the member stays, as not joined, and can get an
        invite link).
      </p>
      <ul className="mt-3 divide-y divide-amber-200 dark:divide-amber-900">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <Link className={`${linkClass} break-all font-medium`} href={`/w/${slug}/members/${r.id}`}>
                {r.displayName ?? r.userName}
              </Link>
              <span className="block break-all text-xs">
                Account {r.accountEmail ?? "—"} · {r.reason}
              </span>
            </div>
            <div className="flex shrink-0 gap-2">
              <ConfirmAction
                action={confirmLinkAction}
                fields={{ slug, memberId: r.id }}
                trigger="Confirm"
                title={`Keep ${r.userName} linked?`}
                description={`${r.accountEmail ?? "This account"} stays a member of this workspace.`}
                confirmLabel="Confirm link"
              />
              <ConfirmAction
                action={detachLinkAction}
                fields={{ slug, memberId: r.id }}
                trigger="Detach"
                danger
                title={`Detach ${r.userName}?`}
                description="The account is unlinked and loses access to this workspace. The member and their groups stay; send an invite link if the person should join again."
                confirmLabel="Detach"
              />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
