// The workspace's SCIM tokens: only the public prefix is ever shown. Active tokens can be revoked; revoked
// and expired ones show when and by whom, and can be removed from the list.
import { Badge, StatusBadge } from "@/components/badge";
import { ConfirmAction } from "@/components/confirm-action";
import { TimeText } from "@/components/time-text";
import { tokenStatus } from "@/lib/services/tokens";
import { removeTokenAction, revokeTokenAction } from "./actions";

interface TokenRow {
  id: string; label: string; prefix: string; createdByName: string | null; createdAt: Date;
  lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null; revokedByName?: string | null;
}

export function TokenTable({ slug, tokens, now }: { slug: string; tokens: TokenRow[]; now: Date }) {
  if (tokens.length === 0) {
    return <p className="rounded-md border border-dashed border-zinc-300 p-4 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">No tokens yet. Generate one above and paste it into your identity provider.</p>;
  }
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm">
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
                <td className="py-2.5 pr-3"><code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">scim_{t.prefix}_…</code></td>
                <td className="py-2.5 pr-3">{t.createdByName ?? "—"}</td>
                <td className="py-2.5 pr-3"><TimeText date={t.createdAt} now={now} /></td>
                <td className="py-2.5 pr-3"><TimeText date={t.lastUsedAt} now={now} /></td>
                <td className="py-2.5 pr-3">{t.expiresAt ? <TimeText date={t.expiresAt} now={now} /> : <Badge>No expiry</Badge>}</td>
                <td className="py-2.5 pr-3">
                  <StatusBadge status={status} />
                  {t.revokedAt && (
                    <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
                      <TimeText date={t.revokedAt} now={now} />{t.revokedByName ? <> by {t.revokedByName}</> : null}
                    </span>
                  )}
                </td>
                <td className="py-2.5 text-right">
                  {status === "active" && (
                    <ConfirmAction action={revokeTokenAction} fields={{ slug, tokenId: t.id }} trigger="Revoke" danger
                      title={`Revoke token "${t.label}"?`} confirmLabel="Revoke token"
                      description={<>Requests using <code>scim_{t.prefix}_…</code> are refused from the next request on. Provisioning from the identity provider that uses it stops until you paste a new token there. This cannot be undone.</>} />
                  )}
                  {status !== "active" && (
                    <ConfirmAction action={removeTokenAction} fields={{ slug, tokenId: t.id }} trigger="Remove" danger
                      title={`Remove token "${t.label}" from the list?`} confirmLabel="Remove from list"
                      description={<>The token stays unusable. The provisioning log keeps its label on the requests it made, and requests that still send it are logged as refused.</>} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
