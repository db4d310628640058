// The one number format of the admin pages ("5,717"), and ranges of a list ("1–50 of 5,717").
const NUMBER = new Intl.NumberFormat("en");

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** "1–50 of 5,717" (or "0 of 0"). */
export function formatRange(first: number, last: number, total: number): string {
  return total === 0 || last < first
    ? `0 of ${formatNumber(total)}`
    : `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total)}`;
}

/** Natural order for names: "User 2" before "User 10", case and accents ignored. */
export const naturalCompare = new Intl.Collator("en", { numeric: true, sensitivity: "base" }).compare;
