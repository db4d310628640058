// A member's attributes as provisioned (core, emails, phones, addresses, enterprise fields, manager).
// For SCIM-managed members every value is read-only and says where to change it.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { IDP_MANAGED_TIP } from "./idp-text";
import { InfoTip } from "@/components/ui/info-tip";
import type { AttributeView, LabelledValue, MultiValue } from "@/lib/services/admin/member-attributes";

interface Props {
  view: AttributeView;
  managed: boolean;
  manager: { id: string; name: string } | null;
  /** link managers to their detail page (admins only) */
  managerHref?: (id: string) => string;
}

function Term({ children, managed }: { children: React.ReactNode; managed: boolean }) {
  return (
    <dt className="flex items-center gap-1.5 text-xs font-medium text-zinc-500 dark:text-zinc-400">
      {children}
      {managed && <InfoTip text={IDP_MANAGED_TIP} label={`${String(children)}: why is this read-only?`} />}
    </dt>
  );
}

function Rows({ rows, managed }: { rows: LabelledValue[]; managed: boolean }) {
  return rows.map((r) => (
    <div key={r.label} className="min-w-0">
      <Term managed={managed}>{r.label}</Term>
      <dd className="mt-0.5 break-words text-sm">{r.value}</dd>
    </div>
  ));
}

function Multi({ label, items, managed }: { label: string; items: MultiValue[]; managed: boolean }) {
  if (items.length === 0) return null;
  return (
    <div className="min-w-0">
      <Term managed={managed}>{label}</Term>
      <dd className="mt-0.5 space-y-0.5 text-sm">
        {items.map((i, n) => (
          <div key={n} className="flex flex-wrap items-center gap-1.5 break-all">
            {i.value}
            {i.type && <Badge>{i.type}</Badge>}
            {i.primary && <Badge tone="sky">primary</Badge>}
          </div>
        ))}
      </dd>
    </div>
  );
}

export function MemberAttributes({ view, managed, manager, managerHref }: Props) {
  const grid = "grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3";
  const hasEnterprise = view.enterprise.length > 0 || view.managerId;
  return (
    <div className="space-y-6">
      <dl className={grid}>
        <Rows rows={view.core} managed={managed} />
        <Multi label="Emails" items={view.emails} managed={managed} />
        <Multi label="Phone numbers" items={view.phoneNumbers} managed={managed} />
        {view.addresses.length > 0 && (
          <div className="min-w-0">
            <Term managed={managed}>Addresses</Term>
            <dd className="mt-0.5 space-y-2 text-sm">
              {view.addresses.map((a, n) => (
                <address key={n} className="not-italic">
                  {a.lines.map((l, i) => (
                    <div key={i}>{l}</div>
                  ))}
                  <div className="mt-0.5 flex gap-1">
                    {a.type && <Badge>{a.type}</Badge>}
                    {a.primary && <Badge tone="sky">primary</Badge>}
                  </div>
                </address>
              ))}
            </dd>
          </div>
        )}
      </dl>
      {hasEnterprise && (
        <div>
          <h3 className="mb-2 text-sm font-semibold">Enterprise attributes</h3>
          <dl className={grid}>
            <Rows rows={view.enterprise} managed={managed} />
            {view.managerId && (
              <div className="min-w-0">
                <Term managed={managed}>Manager</Term>
                <dd className="mt-0.5 text-sm">
                  {manager ? (
                    managerHref ? (
                      <Link className={linkClass} href={managerHref(manager.id)}>
                        {manager.name}
                      </Link>
                    ) : (
                      manager.name
                    )
                  ) : (
                    <span className="text-zinc-500">Unknown member ({view.managerId})</span>
                  )}
                </dd>
              </div>
            )}
          </dl>
        </div>
      )}
      {view.other.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Other attributes ({view.other.length})</summary>
          <dl className="mt-2 space-y-2">
            {view.other.map((o) => (
              <div key={o.key}>
                <dt className="break-all font-mono text-xs text-zinc-500">{o.key}</dt>
                <dd>
                  <pre className="mt-1 overflow-x-auto rounded-md bg-zinc-100 p-2 text-xs dark:bg-zinc-800">
                    {o.json}
                  </pre>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}
