// A timestamp as "5 min ago" with the exact UTC time on hover and in the machine-readable attribute.
import { formatUtc, relativeTime } from "@/lib/services/admin/time";

export function TimeText({ date, now, exact }: { date: Date | null | undefined; now?: Date; exact?: boolean }) {
  if (!date) return <span className="text-zinc-500 dark:text-zinc-400">Never</span>;
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)}>
      {exact ? formatUtc(date) : relativeTime(date, now)}
    </time>
  );
}
