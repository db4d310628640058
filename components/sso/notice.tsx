// A callout box: info, warning or error.
const STYLES = {
  info: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100",
  warning: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100",
  error: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100",
  success: "border-green-200 bg-green-50 text-green-900 dark:border-green-900 dark:bg-green-950 dark:text-green-100",
} as const;

export function Notice({
  kind = "info",
  title,
  children,
}: {
  kind?: keyof typeof STYLES;
  title?: string;
  children: React.ReactNode;
}) {
  return (
    <div role={kind === "error" ? "alert" : "note"} className={`rounded-md border px-4 py-3 text-sm ${STYLES[kind]}`}>
      {title && <p className="font-medium">{title}</p>}
      <div className={title ? "mt-1" : ""}>{children}</div>
    </div>
  );
}
