// Search and filters for Manage members: a plain GET form, so filters live in the URL and work without
// JavaScript.
import { Input, Select as SelectBox } from "@/components/ui/input";
import Link from "next/link";
import { buttonClass } from "@/components/ui/styles";
import { ROLE_LABELS, SOURCE_LABELS, STATUS_LABELS } from "@/lib/services/admin/member-rules";

export interface MemberFilterValues {
  q?: string;
  status?: string;
  role?: string;
  source?: string;
}

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
  options: Record<string, string>;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <SelectBox id={id} name={name} defaultValue={value ?? ""} className="mt-1">
        <option value="">All</option>
        {Object.entries(options).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </SelectBox>
    </div>
  );
}

export function MemberFilters({ basePath, values }: { basePath: string; values: MemberFilterValues }) {
  const active = !!(values.q || values.status || values.role || values.source);
  return (
    <form
      role="search"
      aria-label="Filter members"
      method="get"
      action={basePath}
      className="grid gap-3 rounded-xl border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto] lg:items-end dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div>
        <label htmlFor="member-q" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Search
        </label>
        <Input
          id="member-q"
          name="q"
          type="search"
          defaultValue={values.q}
          placeholder="Name, email or user name"
          className="mt-1"
        />
      </div>
      <Select id="member-status" name="status" label="Status" value={values.status} options={STATUS_LABELS} />
      <Select id="member-role" name="role" label="Role" value={values.role} options={ROLE_LABELS} />
      <Select id="member-source" name="source" label="Source" value={values.source} options={SOURCE_LABELS} />
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
