// The connection doctor on Connect SCIM: live setup (polling) and mapping checks from the last 7 days of
// traffic, each with what to change in Entra ID or Okta (lib/services/admin/connection-doctor.ts).
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { doctorChecks, liveSetup, type CheckState } from "@/lib/services/admin/connection-doctor";
import { LiveSetup } from "./live-setup";

const STATE: Record<CheckState, { label: string; tone: BadgeTone }> = {
  ok: { label: "OK", tone: "green" },
  warn: { label: "Fix", tone: "red" },
  info: { label: "Tip", tone: "amber" },
  unknown: { label: "No data yet", tone: "gray" },
};

export async function ConnectionDoctor({
  slug,
  workspaceId,
  hasTokens,
}: {
  slug: string;
  workspaceId: string;
  hasTokens: boolean;
}) {
  if (!hasTokens) return null;
  const [live, checks] = await Promise.all([liveSetup(workspaceId), doctorChecks(workspaceId)]);
  const initial = {
    steps: live.steps.map((s) => ({ ...s, at: s.at?.toISOString() ?? null })),
    recent: live.recent.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
  return (
    <section aria-labelledby="doctor-title" className="space-y-4">
      <div>
        <h3 id="doctor-title" className="text-sm font-semibold">
          Connection doctor
        </h3>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Follows the identity provider’s requests live, and checks its attribute mappings against the last 7 days of
          traffic.
        </p>
      </div>
      <LiveSetup slug={slug} initial={initial} />
      <ul
        aria-label="Mapping checks"
        className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      >
        {checks.map((c) => (
          <li key={c.id} data-check={c.id} data-state={c.state} className="space-y-1 p-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={STATE[c.state].tone}>{STATE[c.state].label}</Badge>
              <span className="font-medium">{c.title}</span>
            </div>
            <p className="text-zinc-700 dark:text-zinc-300">{c.summary}</p>
            {c.examples.length > 0 && (
              <ul className="list-inside list-disc text-xs text-zinc-600 dark:text-zinc-400">
                {c.examples.map((e) => (
                  <li key={e} className="break-all font-mono">
                    {e}
                  </li>
                ))}
              </ul>
            )}
            {c.fix && (
              <dl className="grid gap-1 text-xs sm:grid-cols-[5rem_1fr]">
                <dt className="font-semibold">Entra ID</dt>
                <dd className="min-w-0 break-words">{c.fix.entra}</dd>
                <dt className="font-semibold">Okta</dt>
                <dd className="min-w-0 break-words">{c.fix.okta}</dd>
              </dl>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
