// Members page: how many places members suspended by SCIM still hold, and what the offboarding policy
// will free. Suspended members are not in "Seats in use", but the identity provider can reactivate them
// at any time, and each then takes a seat again: until they are removed, their seat is reserved.
import Link from "next/link";
import { suspendedSeats } from "@/lib/services/offboarding";

export async function SuspendedSeats({ slug, workspaceId }: { slug: string; workspaceId: string }) {
  const s = await suspendedSeats(workspaceId);
  if (s.scimSuspended === 0) return null;
  const policy = `/w/${slug}/settings#offboarding`;
  return (
    <p
      data-testid="suspended-seats"
      className="mb-6 rounded-md border border-zinc-200 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-800 dark:text-zinc-300"
    >
      <strong>{s.scimSuspended.toLocaleString("en")}</strong>{" "}
      {s.scimSuspended === 1 ? "member suspended by SCIM holds a seat" : "members suspended by SCIM hold seats"} the
      identity provider can reactivate at any time.{" "}
      {s.removeAfterDays === null ? (
        <>
          Automatic removal is off, so they stay until someone removes them (
          <Link href={policy} className="underline">
            offboarding policy
          </Link>
          ).
        </>
      ) : (
        <>
          The{" "}
          <Link href={policy} className="underline">
            offboarding policy
          </Link>{" "}
          removes them after {s.removeAfterDays} days: it frees <strong>{s.dueNow.toLocaleString("en")}</strong> at its
          next run and {(s.dueWithinWeek - s.dueNow).toLocaleString("en")} more within 7 days.
        </>
      )}
    </p>
  );
}
