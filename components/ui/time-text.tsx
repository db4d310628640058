// The one date format of the admin pages: relative ("5 min ago"), with the exact UTC time in a tooltip
// and in the machine-readable attribute. `exact` shows the UTC time itself (logs, where order matters).
import { formatUtc, relativeTime } from "@/lib/services/admin/time";
import { Tooltip } from "./tooltip";

export function TimeText({ date, now, exact }: { date: Date | null | undefined; now?: Date; exact?: boolean }) {
  if (!date) return <span className="text-zinc-500 dark:text-zinc-400">Never</span>;
  const utc = formatUtc(date);
  if (exact) return <time dateTime={date.toISOString()}>{utc}</time>;
  return (
    <Tooltip content={utc}>
      <time dateTime={date.toISOString()}>{relativeTime(date, now)}</time>
    </Tooltip>
  );
}
