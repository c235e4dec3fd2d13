import type { Sql } from "../db/sql.ts";
import type { Actor } from "../identity/audit.ts";
import { IdentityError } from "../identity/errors.ts";
import { getGroup } from "../identity/groups/group-reads.ts";
import { getUser } from "../identity/users/get-user.ts";
import { MAX_PAGE, type Page } from "../identity/users/list-users.ts";
import { createRole, deleteRole, getRole, listRoleIds, loadRoles, replaceRole, rolesOfGroup, rolesOfUser, type HeldRole, type RoleInput, type RoleView } from "../identity/roles/roles.ts";
import { connectionsUsingRole, type ConnectionUsingRole } from "../provisioning/connections.ts";
import { ROLE_FIELD_OF } from "../console/role-form.ts";
import { roleGroupsChange, roleInput, roleUsersChange } from "./schemas/roles.ts";
import { adminOrigin, blockingResults, type BlockingResults } from "./outbound.ts";

/** A role as its page reads it: with the connections whose provisioning it limits. */
export type RoleDetail = RoleView & { connections: ConnectionUsingRole[] };
export type RoleChange = RoleDetail & BlockingResults;

export interface RoleSummary {
  id: string;
  name: string;
  description: string;
  audience: string;
  permissionCount: number;
  userCount: number;
  groupCount: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The store names the role's fields as SCIM does; the API's bodies name them as the form does. */
async function withApiFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof IdentityError && err.field && ROLE_FIELD_OF[err.field] && ROLE_FIELD_OF[err.field] !== err.field) throw new IdentityError(err.code, err.message, ROLE_FIELD_OF[err.field]);
    throw err;
  }
}

const idsOf = (list: { id: string }[]) => list.map((x) => x.id);
const inputOf = (role: RoleView): RoleInput => ({ name: role.name, description: role.description, permissions: role.permissions, userIds: idsOf(role.users), groupIds: idsOf(role.groups) });

export async function roleDetail(sql: Sql, id: string): Promise<RoleDetail> {
  const role = await getRole(sql, id);
  return { ...role, connections: await connectionsUsingRole(sql, id) };
}

/** The console's list: by name, optionally only names containing the search term, a page at a time. */
export async function listRolePage(sql: Sql, query: { search?: string; startIndex: number; count: number }): Promise<Page<RoleSummary>> {
  const ids = await listRoleIds(sql, query.search);
  const count = Math.min(MAX_PAGE, query.count);
  const roles = await loadRoles(sql, ids.slice(query.startIndex - 1, query.startIndex - 1 + count));
  return {
    totalResults: ids.length,
    startIndex: query.startIndex,
    items: roles.map(({ permissions, users, groups, ...role }) => ({ ...role, permissionCount: permissions.length, userCount: users.length, groupCount: groups.length })),
  };
}

export async function createRoleFromBody(sql: Sql, body: unknown, actor: Actor): Promise<RoleChange> {
  const input = roleInput.parse(body);
  const origin = adminOrigin(actor);
  const role = await withApiFields(() =>
    createRole(sql, { name: input.name, description: input.description, permissions: input.permissions, userIds: input.userIds ?? [], groupIds: input.groupIds ?? [] }, actor, origin),
  );
  return { ...role, connections: [], ...(await blockingResults(origin)) };
}

/**
 * Replaces the role's name, description and permissions, and its assignments when the body gives them (the
 * General and Permissions tabs leave them out); a stale version is refused.
 */
export async function replaceRoleFromBody(sql: Sql, id: string, body: unknown, actor: Actor): Promise<RoleChange> {
  const input = roleInput.parse(body);
  const origin = adminOrigin(actor);
  const role = await withApiFields(() =>
    replaceRole(
      sql,
      id,
      (current) => ({
        name: input.name,
        description: input.description,
        permissions: input.permissions,
        userIds: input.userIds ?? idsOf(current.users),
        groupIds: input.groupIds ?? idsOf(current.groups),
      }),
      actor,
      { ifVersion: input.version, origin },
    ),
  );
  return { ...role, connections: await connectionsUsingRole(sql, id), ...(await blockingResults(origin)) };
}

export async function deleteRoleAs(sql: Sql, id: string, actor: Actor): Promise<BlockingResults> {
  const origin = adminOrigin(actor);
  await deleteRole(sql, id, actor, origin);
  return blockingResults(origin);
}

type Assignees = "userIds" | "groupIds";

/**
 * Adds or removes users or groups, applied to the role as it is when written, so changes made at the same time
 * by someone else are kept; says how many assignments changed.
 */
async function changeAssignments(sql: Sql, id: string, field: Assignees, ids: string[], add: boolean, actor: Actor) {
  const before = await getRole(sql, id);
  const origin = adminOrigin(actor);
  const wanted = new Set(ids);
  const after = await withApiFields(() =>
    replaceRole(
      sql,
      id,
      (current) => {
        const input = inputOf(current);
        const present = input[field];
        return { ...input, [field]: add ? [...new Set([...present, ...wanted])] : present.filter((x) => !wanted.has(x)) };
      },
      actor,
      { origin },
    ),
  );
  const size = (role: RoleView) => (field === "userIds" ? role.users.length : role.groups.length);
  return { changed: Math.abs(size(after) - size(before)), ...(await blockingResults(origin)) };
}

export async function addRoleUsers(sql: Sql, id: string, body: unknown, actor: Actor) {
  const { changed, ...results } = await changeAssignments(sql, id, "userIds", roleUsersChange.parse(body).userIds, true, actor);
  return { added: changed, ...results };
}

export async function removeRoleUsers(sql: Sql, id: string, body: unknown, actor: Actor) {
  const { changed, ...results } = await changeAssignments(sql, id, "userIds", roleUsersChange.parse(body).userIds, false, actor);
  return { removed: changed, ...results };
}

export async function addRoleGroups(sql: Sql, id: string, body: unknown, actor: Actor) {
  const { changed, ...results } = await changeAssignments(sql, id, "groupIds", roleGroupsChange.parse(body).groupIds, true, actor);
  return { added: changed, ...results };
}

export async function removeRoleGroups(sql: Sql, id: string, body: unknown, actor: Actor) {
  const { changed, ...results } = await changeAssignments(sql, id, "groupIds", roleGroupsChange.parse(body).groupIds, false, actor);
  return { removed: changed, ...results };
}

/** The roles a user holds, directly or through groups. */
export async function rolesOfUserById(sql: Sql, userId: string): Promise<HeldRole[]> {
  await getUser(sql, userId);
  return rolesOfUser(sql, userId);
}

/** The roles assigned to a group. */
export async function rolesOfGroupById(sql: Sql, groupId: string): Promise<{ id: string; name: string }[]> {
  await getGroup(sql, groupId);
  return rolesOfGroup(sql, groupId);
}
