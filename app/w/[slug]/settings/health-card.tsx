// Provisioning health: is the identity provider actually calling us, and is it failing?
import Link from "next/link";
import { HttpStatusBadge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { TimeText } from "@/components/ui/time-text";
import type { ProvisioningHealth } from "@/lib/services/admin/health";

function Stat({ label, value, tone }: { label: string; value: React.ReactNode; tone?: "bad" }) {
  return (
    <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className={`mt-1 text-lg font-semibold ${tone === "bad" ? "text-red-700 dark:text-red-300" : ""}`}>
        {value}
      </dd>
    </div>
  );
}

export function HealthCard({ slug, health, now }: { slug: string; health: ProvisioningHealth; now: Date }) {
  return (
    <div className="space-y-4">
      {health.silentSince && (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          <p className="font-semibold">No provisioning requests for more than 80 minutes</p>
          <p className="mt-1">
            An active token exists but nothing has arrived since <TimeText date={health.silentSince} now={now} exact />.
            Entra ID runs a cycle about every 40 minutes, so two cycles were missed. Check that provisioning is turned
            on in your identity provider, that it is not in quarantine, and that the Tenant URL and token were pasted
            exactly.
          </p>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Last request received" value={<TimeText date={health.lastRequestAt} now={now} />} />
        <Stat label="Requests (last 24 h)" value={health.requests24h} />
        <Stat
          label="Failures (last 24 h)"
          value={health.failures24h}
          tone={health.failures24h > 0 ? "bad" : undefined}
        />
        <Stat
          label="Managed by SCIM"
          value={`${health.scimUsers} ${health.scimUsers === 1 ? "user" : "users"} · ${health.scimGroups} ${health.scimGroups === 1 ? "group" : "groups"}`}
        />
      </dl>
      <div>
        <h3 className="text-sm font-semibold">Last errors</h3>
        {health.lastErrors.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No failed requests.</p>
        ) : (
          <ul className="mt-2 divide-y divide-zinc-100 rounded-lg border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
            {health.lastErrors.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2">
                <HttpStatusBadge status={e.status} />
                <span className="font-mono text-xs">
                  {e.method} {e.path}
                </span>
                <span
                  className="min-w-0 flex-1 truncate text-zinc-600 dark:text-zinc-400"
                  title={e.detail ?? undefined}
                >
                  {e.detail ?? ""}
                </span>
                <Link className={`${linkClass} text-xs`} href={`/w/${slug}/log/${e.id}`}>
                  <TimeText date={e.createdAt} now={now} />
                </Link>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-sm">
          <Link className={linkClass} href={`/w/${slug}/log`}>
            Open the provisioning log →
          </Link>
        </p>
      </div>
    </div>
  );
}
