// The workspace's SCIM tokens: only the public prefix is ever shown. Active tokens can be revoked; revoked
// and expired ones show when and by whom, and can be removed from the list.
// A table from the md breakpoint up; below it, one card per token, so Revoke is on screen at 390 px.
import { Badge, StatusBadge } from "@/components/ui/badge";
import { naturalCompare } from "@/components/ui/format";
import { RowHeader, Table, TBody, Td, Th, THead, Tr, type SortState } from "@/components/ui/table";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { TimeText } from "@/components/ui/time-text";
import { tokenStatus } from "@/lib/services/tokens";
import { removeTokenAction, revokeTokenAction } from "./actions";

interface TokenRow {
  id: string;
  label: string;
  prefix: string;
  createdByName: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedByName?: string | null;
}

function Prefix({ prefix }: { prefix: string }) {
  return <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">scim_{prefix}_…</code>;
}

function Revoke({ slug, token }: { slug: string; token: TokenRow }) {
  return (
    <ConfirmAction
      action={revokeTokenAction}
      fields={{ slug, tokenId: token.id }}
      trigger="Revoke"
      danger
      title={`Revoke token "${token.label}"?`}
      confirmLabel="Revoke token"
      description={
        <>
          Requests using <code>scim_{token.prefix}_…</code> are refused from the next request on. Provisioning from the
          identity provider that uses it stops until you paste a new token there. This cannot be undone.
        </>
      }
    />
  );
}

function Remove({ slug, token }: { slug: string; token: TokenRow }) {
  return (
    <ConfirmAction
      action={removeTokenAction}
      fields={{ slug, tokenId: token.id }}
      trigger="Remove"
      danger
      title={`Remove token "${token.label}" from the list?`}
      confirmLabel="Remove from list"
      description={
        <>
          The token stays unusable. The provisioning log keeps its label on the requests it made, and requests that
          still send it are logged as refused.
        </>
      }
    />
  );
}

/** When and by whom a revoked token was revoked. */
function Revoked({ token, now }: { token: TokenRow; now: Date }) {
  if (!token.revokedAt) return null;
  return (
    <>
      <TimeText date={token.revokedAt} now={now} />
      {token.revokedByName ? <> by {token.revokedByName}</> : null}
    </>
  );
}

export type TokenSort = { key: "label" | "created" | "lastUsed"; dir: "asc" | "desc" };

/** The tokens in the chosen order: labels in natural order ("Entra 2" before "Entra 10"), dates by time. */
export function sortTokens(tokens: TokenRow[], sort: TokenSort): TokenRow[] {
  const time = (d: Date | null) => d?.getTime() ?? 0;
  const by = {
    label: (a: TokenRow, b: TokenRow) => naturalCompare(a.label, b.label),
    created: (a: TokenRow, b: TokenRow) => time(a.createdAt) - time(b.createdAt),
    lastUsed: (a: TokenRow, b: TokenRow) => time(a.lastUsedAt) - time(b.lastUsedAt),
  }[sort.key];
  const sorted = [...tokens].sort(by);
  return sort.dir === "desc" ? sorted.reverse() : sorted;
}

export function TokenTable({
  slug,
  tokens: unsorted,
  now,
  sort,
}: {
  slug: string;
  tokens: TokenRow[];
  now: Date;
  sort: TokenSort;
}) {
  const tokens = sortTokens(unsorted, sort);
  const sortBy = (key: TokenSort["key"]): SortState => ({
    key,
    current: sort,
    href: (k, dir) => `/w/${slug}/settings?sort=${k}&dir=${dir}#tokens-title`,
  });
  if (tokens.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-zinc-300 p-4 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        No tokens yet. Generate one above and paste it into your identity provider.
      </p>
    );
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
                  <p className="mt-0.5">
                    <Prefix prefix={t.prefix} />
                  </p>
                </div>
                <StatusBadge status={status} />
              </div>
              <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
                <dt className="text-zinc-500 dark:text-zinc-400">Created</dt>
                <dd>
                  <TimeText date={t.createdAt} now={now} />
                  {t.createdByName ? ` by ${t.createdByName}` : ""}
                </dd>
                <dt className="text-zinc-500 dark:text-zinc-400">Last used</dt>
                <dd>
                  <TimeText date={t.lastUsedAt} now={now} />
                </dd>
                <dt className="text-zinc-500 dark:text-zinc-400">Expires</dt>
                <dd>{t.expiresAt ? <TimeText date={t.expiresAt} now={now} /> : "No expiry"}</dd>
                {t.revokedAt && (
                  <>
                    <dt className="text-zinc-500 dark:text-zinc-400">Revoked</dt>
                    <dd>
                      <Revoked token={t} now={now} />
                    </dd>
                  </>
                )}
              </dl>
              <div className="mt-3">
                {status === "active" ? <Revoke slug={slug} token={t} /> : <Remove slug={slug} token={t} />}
              </div>
            </li>
          );
        })}
      </ul>
      <Table caption="SCIM tokens" className="hidden md:block">
        <THead>
          <Th sort={sortBy("label")}>Label</Th>
          <Th>Token</Th>
          <Th>Created by</Th>
          <Th sort={sortBy("created")}>Created</Th>
          <Th sort={sortBy("lastUsed")}>Last used</Th>
          <Th>Expires</Th>
          <Th>Status</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </THead>
        <TBody>
          {tokens.map((t) => {
            const status = tokenStatus(t, now);
            return (
              <Tr key={t.id}>
                <RowHeader>{t.label}</RowHeader>
                <Td>
                  <Prefix prefix={t.prefix} />
                </Td>
                <Td>{t.createdByName ?? "—"}</Td>
                <Td className="whitespace-nowrap">
                  <TimeText date={t.createdAt} now={now} />
                </Td>
                <Td className="whitespace-nowrap">
                  <TimeText date={t.lastUsedAt} now={now} />
                </Td>
                <Td className="whitespace-nowrap">
                  {t.expiresAt ? <TimeText date={t.expiresAt} now={now} /> : <Badge>No expiry</Badge>}
                </Td>
                <Td>
                  <StatusBadge status={status} />
                  {t.revokedAt && (
                    <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
                      <Revoked token={t} now={now} />
                    </span>
                  )}
                </Td>
                <Td className="text-right">
                  {status === "active" ? <Revoke slug={slug} token={t} /> : <Remove slug={slug} token={t} />}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </>
  );
}
