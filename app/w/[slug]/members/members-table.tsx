// The members table (kit Table). Each row links, as a whole, to the member's detail page, where the
// row actions live.
import { Badge, ScimBadge, StatusBadge } from "@/components/ui/badge";
import {
  EmptyState,
  RowHeader,
  RowLink,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  Truncate,
  type SortState,
} from "@/components/ui/table";
import { TimeText } from "@/components/ui/time-text";
import type { MemberListRow } from "@/lib/services/admin/members";
import { ROLE_LABELS, SOURCE_LABELS } from "@/lib/services/admin/member-rules";

export function memberName(m: {
  displayName: string | null;
  givenName?: string | null;
  familyName?: string | null;
  userName: string;
}) {
  return m.displayName || [m.givenName, m.familyName].filter(Boolean).join(" ") || m.userName;
}

export function MembersTable({
  slug,
  rows,
  now,
  sort,
}: {
  slug: string;
  rows: MemberListRow[];
  now: Date;
  sort: Omit<SortState, "key">;
}) {
  if (rows.length === 0) return <EmptyState>No members match these filters.</EmptyState>;
  return (
    <Table caption="Workspace members">
      <THead>
        <Th sort={{ ...sort, key: "name" }}>Name</Th>
        <Th sort={{ ...sort, key: "userName" }}>Email / user name</Th>
        <Th>Role</Th>
        <Th>Status</Th>
        <Th className="max-md:hidden">Source</Th>
        <Th className="max-md:hidden">Added</Th>
      </THead>
      <TBody>
        {rows.map((m) => (
          <Tr key={m.id} linked>
            <RowHeader className="max-w-[14rem]">
              <RowLink href={`/w/${slug}/members/${m.id}`} className="block truncate">
                {memberName(m)}
              </RowLink>
            </RowHeader>
            <Td className="max-w-[18rem]">
              <Truncate text={m.email ?? m.userName} />
              {m.email && m.email.toLowerCase() !== m.userNameLower && (
                <Truncate text={m.userName} className="text-xs text-zinc-500 dark:text-zinc-400" />
              )}
            </Td>
            <Td className="whitespace-nowrap">{ROLE_LABELS[m.role] ?? m.role}</Td>
            <Td className="whitespace-nowrap">
              <StatusBadge status={m.status} />
              {/* a provisioned member whose person has not joined (no account linked yet) */}
              {!m.accountId && m.status !== "invited" && (
                <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">Not joined</span>
              )}
            </Td>
            <Td className="max-md:hidden">
              {m.source === "scim" ? (
                <ScimBadge tokenLabel={m.tokenLabel} />
              ) : (
                <Badge>{SOURCE_LABELS[m.source] ?? m.source}</Badge>
              )}
            </Td>
            <Td className="whitespace-nowrap text-zinc-600 max-md:hidden dark:text-zinc-400">
              <TimeText date={m.createdAt} now={now} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
