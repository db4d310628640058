// The workspace's SCIM tokens: only the public prefix is ever shown. Active tokens can be revoked.
// A table from the md breakpoint up; below it, one card per token, so Revoke is on screen at 390 px.
import { Badge, StatusBadge } from "@/components/badge";
import { ConfirmAction } from "@/components/confirm-action";
import { TimeText } from "@/components/time-text";
import { tokenStatus } from "@/lib/services/tokens";
import { revokeTokenAction } from "./actions";

interface TokenRow {
  id: string; label: string; prefix: string; createdByName: string | null; createdAt: Date;
  lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null;
}

function Prefix({ prefix }: { prefix: string }) {
  return <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">scim_{prefix}_…</code>;
}

function Revoke({ slug, token }: { slug: string; token: TokenRow }) {
  return (
    <ConfirmAction action={revokeTokenAction} fields={{ slug, tokenId: token.id }} trigger="Revoke" danger
      title={`Revoke token "${token.label}"?`} confirmLabel="Revoke token"
      description={<>Requests using <code>scim_{token.prefix}_…</code> are refused from the next request on. Provisioning from the identity provider that uses it stops until you paste a new token there. This cannot be undone.</>} />
  );
}

export function TokenTable({ slug, tokens, now }: { slug: string; tokens: TokenRow[]; now: Date }) {
  if (tokens.length === 0) {
    return <p className="rounded-md border border-dashed border-zinc-300 p-4 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">No tokens yet. Generate one above and paste it into your identity provider.</p>;
  }
  return (
    <>
      <ul aria-label="SCIM tokens" className="space-y-3 md:hidden">
        {tokens.map((t) => {
          const status = tokenStatus(t, now);
          return (
            <li key={t.id} className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="break-words font-medium">{t.label}</p>
                  <p className="mt-0.5"><Prefix prefix={t.prefix} /></p>
                </div>
                <StatusBadge status={status} />
              </div>
              <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
                <dt className="text-zinc-500 dark:text-zinc-400">Created</dt><dd><TimeText date={t.createdAt} now={now} />{t.createdByName ? ` by ${t.createdByName}` : ""}</dd>
                <dt className="text-zinc-500 dark:text-zinc-400">Last used</dt><dd><TimeText date={t.lastUsedAt} now={now} /></dd>
                <dt className="text-zinc-500 dark:text-zinc-400">Expires</dt><dd>{t.expiresAt ? <TimeText date={t.expiresAt} now={now} /> : "No expiry"}</dd>
              </dl>
              {status === "active" && <div className="mt-3"><Revoke slug={slug} token={t} /></div>}
            </li>
          );
        })}
      </ul>
      <div className="relative hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">SCIM tokens</caption>
          <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Label</th>
              <th scope="col" className="py-2 pr-3 font-medium">Token</th>
              <th scope="col" className="py-2 pr-3 font-medium">Created by</th>
              <th scope="col" className="py-2 pr-3 font-medium">Created</th>
              <th scope="col" className="py-2 pr-3 font-medium">Last used</th>
              <th scope="col" className="py-2 pr-3 font-medium">Expires</th>
              <th scope="col" className="py-2 pr-3 font-medium">Status</th>
              <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {tokens.map((t) => {
              const status = tokenStatus(t, now);
              return (
                <tr key={t.id}>
                  <th scope="row" className="py-2.5 pr-3 font-medium">{t.label}</th>
                  <td className="py-2.5 pr-3"><Prefix prefix={t.prefix} /></td>
                  <td className="py-2.5 pr-3">{t.createdByName ?? "—"}</td>
                  <td className="py-2.5 pr-3"><TimeText date={t.createdAt} now={now} /></td>
                  <td className="py-2.5 pr-3"><TimeText date={t.lastUsedAt} now={now} /></td>
                  <td className="py-2.5 pr-3">{t.expiresAt ? <TimeText date={t.expiresAt} now={now} /> : <Badge>No expiry</Badge>}</td>
                  <td className="py-2.5 pr-3"><StatusBadge status={status} /></td>
                  <td className="py-2.5 text-right">{status === "active" && <Revoke slug={slug} token={t} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
