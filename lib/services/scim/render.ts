// Rows → SCIM resources, with what only the database knows: a user's groups, a group's members, a
// manager's name. Loaded only when the response will contain them (`groups`, `members` asked for), so
// `excludedAttributes=members` costs the same for a group of 100 000 members as for an empty one.
// Projection (`attributes`, `excludedAttributes`) stays at the edge: it is pure protocol.
import type { Sql, Work } from "@/lib/db/sql";
import { toScimGroup } from "@/lib/scim/group/resource";
import { toScimUser } from "@/lib/scim/user/resource";
import { inList, sameWorkspace, select, type GroupRow, type ListedMember } from "./rows";
import type { ScimScope } from "./scope";
import type { SqlBuilder } from "./sql";
import type { Provider } from "@/lib/db/url";

export interface UserView {
  /** return `groups` (skipped when the request excludes them) */
  groups: boolean;
}

export interface GroupView {
  /** return `members` (skipped when the request excludes them) */
  members: boolean;
}

export type Resource = Record<string, unknown>;

/** The groups (`g`) of the members that `memberIdIs` (a condition on `gm."memberId"`) selects, within the
 * workspace: the one join both ways of reading them below share. */
const groupsWhereMember = (memberIdIs: string, inWorkspace: string) =>
  `FROM "GroupMember" gm JOIN "Group" g ON g."id" = gm."groupId" WHERE gm."memberId" ${memberIdIs} AND ${inWorkspace}`;

function* groupsOf(scope: ScimScope, memberIds: string[]): Work<Map<string, { id: string; displayName: string }[]>> {
  const rows = yield* select(
    scope.provider,
    (b) =>
      `SELECT gm."memberId" AS "memberId", g."id" AS "id", g."displayName" AS "displayName" ` +
      groupsWhereMember(`IN (${inList(memberIds, b)})`, sameWorkspace(`gm."workspaceId"`, scope.workspaceId, b)),
  );
  const byMember = new Map<string, { id: string; displayName: string }[]>();
  for (const r of rows) {
    const list = byMember.get(r.memberId as string) ?? [];
    list.push({ id: r.id as string, displayName: r.displayName as string });
    byMember.set(r.memberId as string, list);
  }
  return byMember;
}

/** A column `"groupsJson"` for a statement that reads members (alias `m`): each member's groups as a
 * JSON array of `[id, displayName]`, which `toMember` turns into `memberGroups`. A user PATCH's answer then
 * needs no statement after its write (on PostgreSQL a round trip in every user PATCH of a provisioning
 * cycle). The write does not touch memberships, and its version check guarantees nothing else wrote the
 * member in between, so the answer is the user as of the read with the PATCH applied. */
export function groupsColumn(workspaceId: string, b: SqlBuilder): string {
  return groupsJson(b.provider, sameWorkspace(`gm."workspaceId"`, workspaceId, b));
}

/** `groupsColumn` for a statement that reads members of several workspaces (a read shared by requests,
 * user-reads.ts): each member's groups within the member's own workspace. */
export const groupsColumnOwnWorkspace = (provider: Provider) =>
  groupsJson(provider, `(gm."workspaceId" || '') = m."workspaceId"`);

function groupsJson(provider: Provider, inWorkspace: string) {
  const from = groupsWhereMember(`= m."id"`, inWorkspace);
  return provider === "postgres"
    ? `(SELECT COALESCE(json_agg(json_build_array(g."id", g."displayName")), '[]')::text ${from}) AS "groupsJson"`
    : `(SELECT json_group_array(json_array(g."id", g."displayName")) ${from}) AS "groupsJson"`;
}

/** `created`: the rows were just created, so they belong to no group yet: no query needed. */
export async function renderUsers(
  sql: Sql,
  scope: ScimScope,
  rows: ListedMember[],
  view: UserView,
  opts: { created?: boolean } = {},
): Promise<Resource[]> {
  const groups = !view.groups
    ? undefined
    : opts.created || !rows.length
      ? new Map()
      : rows.every((r) => r.memberGroups)
        ? new Map(rows.map((r) => [r.id, r.memberGroups!]))
        : await sql.query(() =>
            groupsOf(
              scope,
              rows.map((r) => r.id),
            ),
          );
  return rows.map((row) =>
    toScimUser(row, {
      baseUrl: scope.baseUrl,
      managerDisplayName: row.manager ? (row.manager.displayName ?? row.manager.userName) : null,
      groups: groups ? (groups.get(row.id) ?? []) : undefined,
    }),
  );
}

/** Members of the given groups (of this workspace) for rendering, as `{ value, display }`. */
async function membersOf(sql: Sql, scope: ScimScope, groupIds: string[]) {
  const rows = await sql.query(() =>
    select(
      scope.provider,
      (b) =>
        `SELECT gm."groupId" AS "groupId", gm."memberId" AS "memberId", m."displayName" AS "displayName", m."userName" AS "userName" ` +
        `FROM "GroupMember" gm JOIN "Member" m ON m."id" = gm."memberId" ` +
        `WHERE gm."groupId" IN (${inList(groupIds, b)}) AND ${sameWorkspace(`gm."workspaceId"`, scope.workspaceId, b)} ` +
        `ORDER BY gm."createdAt" ASC, gm."memberId" ASC`,
    ),
  );
  const byGroup = new Map<string, { value: string; display: string }[]>(groupIds.map((id) => [id, []]));
  for (const r of rows) {
    byGroup
      .get(r.groupId as string)!
      .push({ value: r.memberId as string, display: (r.displayName as string | null) ?? (r.userName as string) });
  }
  return byGroup;
}

export async function renderGroups(sql: Sql, scope: ScimScope, rows: GroupRow[], view: GroupView): Promise<Resource[]> {
  const members =
    view.members && rows.length
      ? await membersOf(
          sql,
          scope,
          rows.map((g) => g.id),
        )
      : undefined;
  return rows.map((g) => toScimGroup(g, { baseUrl: scope.baseUrl, members: members?.get(g.id) }));
}
