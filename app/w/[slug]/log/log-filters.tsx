// Filters for the provisioning log: a GET form, so the filtered view is a shareable URL and the CSV
// export link can reuse it.
import { Input, Select as SelectBox } from "@/components/ui/input";
import Link from "next/link";
import { buttonClass } from "@/components/ui/styles";
import { LOG_METHODS, type EventFilter } from "@/lib/services/admin/events";

function Select({
  id,
  name,
  label,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <SelectBox id={id} name={name} defaultValue={value ?? ""} className="mt-1">
        <option value="">All</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </SelectBox>
    </div>
  );
}

export function LogFilters({ basePath, filter }: { basePath: string; filter: EventFilter }) {
  const active = !!(filter.outcome || filter.method || filter.resourceType || filter.range || filter.q);
  return (
    <form
      role="search"
      aria-label="Filter the provisioning log"
      method="get"
      action={basePath}
      className="grid gap-3 rounded-xl border border-zinc-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-[2fr_1fr_1fr_1fr_1fr_auto] lg:items-end dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div className="sm:col-span-3 lg:col-span-1">
        <label htmlFor="log-q" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Search
        </label>
        <Input
          id="log-q"
          name="q"
          type="search"
          defaultValue={filter.q}
          placeholder="User, group, endpoint, error, token"
          className="mt-1"
        />
      </div>
      <Select
        id="log-outcome"
        name="outcome"
        label="Outcome"
        value={filter.outcome}
        options={[
          ["success", "Success (< 400)"],
          ["failure", "Failure (≥ 400)"],
        ]}
      />
      <Select
        id="log-method"
        name="method"
        label="Method"
        value={filter.method}
        options={LOG_METHODS.map((m) => [m, m])}
      />
      <Select
        id="log-type"
        name="resourceType"
        label="Resource"
        value={filter.resourceType}
        options={[
          ["User", "Users"],
          ["Group", "Groups"],
          ["other", "Other"],
        ]}
      />
      <Select
        id="log-range"
        name="range"
        label="Time"
        value={filter.range}
        options={[
          ["1h", "Last hour"],
          ["24h", "Last 24 hours"],
          ["7d", "Last 7 days"],
          ["30d", "Last 30 days"],
        ]}
      />
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
