// CSV writing (RFC 4180) for exports. Pure.

/** One CSV field: quoted when it holds a comma, quote or line break; cells that a spreadsheet would
 * run as a formula (=, +, -, @, tab, CR) get a leading apostrophe (OWASP "CSV injection"). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value !== "number") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvField).join(",") + "\r\n";
}
