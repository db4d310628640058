// Filters for the audit log: a GET form, so the filtered view is a shareable URL and the CSV export link
// reuses it.
import { Input, Select } from "@/components/ui/input";
import Link from "next/link";
import { buttonClass } from "@/components/ui/styles";
import { AUDIT_KINDS, type AuditFilter } from "@/lib/services/admin/audit-log";
import { AUDIT_ACTIONS } from "@/lib/services/audit";

const label = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";

export function AuditFilters({ basePath, filter }: { basePath: string; filter: AuditFilter }) {
  const active = Object.values(filter).some(Boolean);
  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      method="get"
      action={basePath}
      className="grid gap-3 rounded-xl border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1.2fr_1fr_1fr_auto_auto_auto] lg:items-end dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div>
        <label htmlFor="audit-action" className={label}>
          Action
        </label>
        <Select id="audit-action" name="action" defaultValue={filter.action ?? ""} className="mt-1">
          <option value="">All actions</option>
          {Object.entries(AUDIT_KINDS).map(([k, l]) => (
            <optgroup key={k} label={l}>
              <option value={k}>All: {l}</option>
              {Object.entries(AUDIT_ACTIONS)
                .filter(([a]) => a.startsWith(`${k}.`))
                .map(([a, text]) => (
                  <option key={a} value={a}>
                    {text}
                  </option>
                ))}
            </optgroup>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="audit-actor" className={label}>
          Actor
        </label>
        <Input
          id="audit-actor"
          name="actor"
          type="search"
          defaultValue={filter.actor}
          placeholder="Name, email or “operator”"
          className="mt-1"
        />
      </div>
      <div>
        <label htmlFor="audit-target" className={label}>
          Target
        </label>
        <Input
          id="audit-target"
          name="target"
          type="search"
          defaultValue={filter.target}
          placeholder="Member, token, domain…"
          className="mt-1"
        />
      </div>
      <div>
        <label htmlFor="audit-from" className={label}>
          From (UTC)
        </label>
        <Input id="audit-from" name="from" type="date" defaultValue={filter.from} className="mt-1" />
      </div>
      <div>
        <label htmlFor="audit-to" className={label}>
          To (UTC)
        </label>
        <Input id="audit-to" name="to" type="date" defaultValue={filter.to} className="mt-1" />
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply
        </button>
        {active && (
          <Link href={basePath} className={buttonClass("ghost")}>
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
