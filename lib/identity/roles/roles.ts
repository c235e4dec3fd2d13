import type { Sql, SqlExecutor } from "../../db/sql.ts";
import { asDate, placeholders } from "../../db/values.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { newId } from "../ids.ts";
import { qualifyName } from "../qualified-name.ts";
import { containsPattern } from "../users/list-users.ts";
import { assertUsersExist } from "../groups/member-rows.ts";
import { emitChange, type ChangeOrigin } from "../changes.ts";
import { ADMIN_ROLE, PERMISSIONS } from "../permissions.ts";
import { assertAdminRemains } from "./admin-guard.ts";
import type { Columns } from "../../generated/tables.ts";

/** Users holding a role directly or through a group: who gains or loses it when assignments change. */
async function roleHolders(tx: SqlExecutor, roleId: string): Promise<string[]> {
  const rows = await tx.all<{ userId: string }>(
    `SELECT "userId" FROM "RoleUser" WHERE "roleId" = ? UNION SELECT m."userId" FROM "RoleGroup" rg JOIN "GroupMember" m ON m."groupId" = rg."groupId" WHERE rg."roleId" = ?`,
    [roleId, roleId],
  );
  return rows.map((r) => r.userId);
}

export interface RoleView {
  id: string;
  name: string;
  description: string;
  audience: string;
  permissions: string[];
  users: { id: string; display: string }[];
  groups: { id: string; display: string }[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RoleInput {
  name: string;
  description?: string;
  permissions: string[];
  userIds: string[];
  groupIds: string[];
}

export async function loadRoles(exec: SqlExecutor, ids: string[]): Promise<RoleView[]> {
  if (!ids.length) return [];
  const marks = placeholders(ids.length);
  const [roles, permissions, users, groups] = await Promise.all([
    exec.all<Record<string, unknown>>(`SELECT * FROM "Role" WHERE "id" IN (${marks})`, ids),
    exec.all<{ roleId: string; permission: string }>(`SELECT "roleId", "permission" FROM "RolePermission" WHERE "roleId" IN (${marks}) ORDER BY "permission"`, ids),
    exec.all<{ roleId: string; id: string; userName: string; domain: string }>(
      `SELECT r."roleId", u."id", u."userName", s."domain" FROM "RoleUser" r JOIN "User" u ON u."id" = r."userId" JOIN "UserStore" s ON s."id" = u."storeId" WHERE r."roleId" IN (${marks}) ORDER BY u."userNameKey"`,
      ids,
    ),
    exec.all<{ roleId: string; id: string; displayName: string; domain: string }>(
      `SELECT r."roleId", g."id", g."displayName", s."domain" FROM "RoleGroup" r JOIN "Group" g ON g."id" = r."groupId" JOIN "UserStore" s ON s."id" = g."storeId" WHERE r."roleId" IN (${marks}) ORDER BY g."displayNameKey"`,
      ids,
    ),
  ]);
  const byId = new Map(roles.map((r) => [String(r.id), r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const r = byId.get(id)!;
      return {
        id,
        name: String(r.name),
        description: String(r.description),
        audience: String(r.audience),
        permissions: permissions.filter((p) => p.roleId === id).map((p) => p.permission),
        users: users.filter((u) => u.roleId === id).map((u) => ({ id: u.id, display: qualifyName(u.domain, u.userName) })),
        groups: groups.filter((g) => g.roleId === id).map((g) => ({ id: g.id, display: qualifyName(g.domain, g.displayName) })),
        version: Number(r.version),
        createdAt: asDate(r.createdAt),
        updatedAt: asDate(r.updatedAt),
      };
    });
}

export async function getRole(exec: SqlExecutor, id: string): Promise<RoleView> {
  const [role] = await loadRoles(exec, [id]);
  if (!role) throw IdentityError.notFound("Role");
  return role;
}

/** Every role's id and name, by name: for pickers. */
export async function listRoleNames(exec: SqlExecutor): Promise<{ id: string; name: string }[]> {
  return exec.all<Columns<"Role", "id" | "name">>(`SELECT "id", "name" FROM "Role" ORDER BY LOWER("name")`);
}

/** The roles that exist among these ids, with their names, by name. */
export async function roleNamesByIds(exec: SqlExecutor, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (!ids.length) return [];
  return exec.all<{ id: string; name: string }>(`SELECT "id", "name" FROM "Role" WHERE "id" IN (${placeholders(ids.length)}) ORDER BY "name"`, ids);
}

/** Whether every one of these (distinct) ids names a role. */
export async function allRolesExist(exec: SqlExecutor, ids: string[]): Promise<boolean> {
  if (!ids.length) return true;
  const found = await exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Role" WHERE "id" IN (${placeholders(ids.length)})`, ids);
  return Number(found?.n) === ids.length;
}

/** Every role's id by name, or those whose name contains the term (in any case, LIKE's wildcards taken literally). */
export async function listRoleIds(exec: SqlExecutor, nameContains?: string): Promise<string[]> {
  const term = nameContains?.trim();
  const rows = term
    ? await exec.all<Columns<"Role", "id">>(`SELECT "id" FROM "Role" WHERE LOWER("name") LIKE ? ESCAPE '\\' ORDER BY LOWER("name"), "id"`, [containsPattern(term.toLowerCase())])
    : await exec.all<Columns<"Role", "id">>(`SELECT "id" FROM "Role" ORDER BY LOWER("name"), "id"`);
  return rows.map((r) => r.id);
}

/** A role a user holds: assigned to them directly, through some of their groups, or both. */
export interface HeldRole {
  id: string;
  name: string;
  direct: boolean;
  /** the user's groups the role is assigned to */
  groups: { id: string; display: string }[];
}

/** The roles a user holds, directly or through a group, by name. */
export async function rolesOfUser(exec: SqlExecutor, userId: string): Promise<HeldRole[]> {
  const [direct, viaGroups] = await Promise.all([
    exec.all<Columns<"Role", "id" | "name">>(`SELECT r."id", r."name" FROM "RoleUser" ru JOIN "Role" r ON r."id" = ru."roleId" WHERE ru."userId" = ?`, [userId]),
    exec.all<{ id: string; name: string; groupId: string; displayName: string; domain: string }>(
      `SELECT r."id", r."name", g."id" AS "groupId", g."displayName", s."domain"
       FROM "RoleGroup" rg JOIN "Role" r ON r."id" = rg."roleId" JOIN "GroupMember" m ON m."groupId" = rg."groupId"
       JOIN "Group" g ON g."id" = rg."groupId" JOIN "UserStore" s ON s."id" = g."storeId"
       WHERE m."userId" = ? ORDER BY g."displayNameKey"`,
      [userId],
    ),
  ]);
  const held = new Map<string, HeldRole>();
  const entry = (id: string, name: string) => held.get(id) ?? held.set(id, { id, name, direct: false, groups: [] }).get(id)!;
  for (const r of direct) entry(r.id, r.name).direct = true;
  for (const r of viaGroups) entry(r.id, r.name).groups.push({ id: r.groupId, display: qualifyName(r.domain, r.displayName) });
  return [...held.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

/** The roles assigned to a group, by name. */
export async function rolesOfGroup(exec: SqlExecutor, groupId: string): Promise<{ id: string; name: string }[]> {
  return exec.all<Columns<"Role", "id" | "name">>(`SELECT r."id", r."name" FROM "RoleGroup" rg JOIN "Role" r ON r."id" = rg."roleId" WHERE rg."groupId" = ? ORDER BY LOWER(r."name")`, [groupId]);
}

function checkInput(input: RoleInput) {
  if (!input.name.trim()) throw IdentityError.invalid("Role name is required", "displayName");
  const unknown = input.permissions.find((p) => !(PERMISSIONS as readonly string[]).includes(p));
  if (unknown) throw IdentityError.invalid(`Unknown permission "${unknown}"`, "permissions");
}

async function assertGroupsExist(tx: SqlExecutor, ids: string[]) {
  if (!ids.length) return;
  const found = await tx.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Group" WHERE "id" IN (${placeholders(ids.length)})`, ids);
  if (Number(found?.n) !== ids.length) throw IdentityError.invalid("A group of the role does not exist", "groups");
}

async function writeAssignments(tx: SqlExecutor, roleId: string, input: RoleInput) {
  const now = new Date();
  for (const permission of new Set(input.permissions)) await tx.run(`INSERT INTO "RolePermission" ("roleId", "permission") VALUES (?, ?)`, [roleId, permission]);
  for (const userId of new Set(input.userIds)) await tx.run(`INSERT INTO "RoleUser" ("roleId", "userId", "createdAt") VALUES (?, ?, ?)`, [roleId, userId, now]);
  for (const groupId of new Set(input.groupIds)) await tx.run(`INSERT INTO "RoleGroup" ("roleId", "groupId", "createdAt") VALUES (?, ?, ?)`, [roleId, groupId, now]);
}

export async function createRole(sql: Sql, input: RoleInput, actor: Actor, origin?: ChangeOrigin): Promise<RoleView> {
  checkInput(input);
  const id = newId();
  try {
    await sql.transaction(async (tx) => {
      if (await tx.get(`SELECT 1 AS "x" FROM "Role" WHERE LOWER("name") = ?`, [input.name.toLowerCase()])) throw IdentityError.conflict(`Role "${input.name}" already exists`, "displayName");
      await assertUsersExist(tx, [...new Set(input.userIds)]);
      await assertGroupsExist(tx, [...new Set(input.groupIds)]);
      const now = new Date();
      await tx.run(`INSERT INTO "Role" ("id", "name", "description", "audience", "version", "createdAt", "updatedAt") VALUES (?, ?, ?, 'organization', 1, ?, ?)`, [
        id,
        input.name,
        input.description ?? "",
        now,
        now,
      ]);
      await writeAssignments(tx, id, input);
      await recordAudit(tx, actor, { action: "role.create", targetType: "Role", targetId: id, summary: input.name });
      await emitChange(tx, { entityType: "Role", entityId: id, operation: "assignments", name: input.name, usersBefore: [], usersAfter: await roleHolders(tx, id) }, origin);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`Role "${input.name}" already exists`, "displayName");
    throw err;
  }
  return getRole(sql, id);
}

/**
 * A role change computed from the role's state at the moment of writing (a PATCH): applied to the state read
 * inside the transaction, so concurrent assignment changes without If-Match compose instead of failing.
 */
export type RoleRevision = (current: RoleView) => RoleInput | null;

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

function unchanged(current: RoleView, input: RoleInput): boolean {
  return (
    current.name === input.name &&
    (input.description === undefined || input.description === current.description) &&
    sameSet(current.permissions, [...new Set(input.permissions)]) &&
    sameSet(
      current.users.map((u) => u.id),
      [...new Set(input.userIds)],
    ) &&
    sameSet(
      current.groups.map((g) => g.id),
      [...new Set(input.groupIds)],
    )
  );
}

/**
 * Replaces a role's name, permissions and assignments, and its description when the input has one; a replace that
 * changes nothing keeps the version.
 */
export async function replaceRole(sql: Sql, id: string, change: RoleInput | RoleRevision, actor: Actor, options: { ifVersion?: number; origin?: ChangeOrigin } = {}): Promise<RoleView> {
  if (typeof change !== "function") checkInput(change);
  let name = typeof change === "function" ? "" : change.name;
  try {
    await sql.transaction(async (tx) => {
      if (tx.dialect === "postgres") await tx.get(`SELECT 1 AS "x" FROM "Role" WHERE "id" = ? FOR UPDATE`, [id]);
      const current = await getRole(tx, id);
      if (options.ifVersion !== undefined && options.ifVersion !== current.version) throw new IdentityError("precondition_failed", "The role was changed by someone else");
      const input = typeof change === "function" ? change(current) : change;
      if (!input) return;
      checkInput(input);
      name = input.name;
      if (unchanged(current, input)) return;
      const isAdmin = current.name === ADMIN_ROLE;
      if (isAdmin && input.name !== ADMIN_ROLE) throw new IdentityError("forbidden", `The ${ADMIN_ROLE} role cannot be renamed`, "displayName");
      const clash = await tx.get<Columns<"Role", "id">>(`SELECT "id" FROM "Role" WHERE LOWER("name") = ?`, [input.name.toLowerCase()]);
      if (clash && clash.id !== id) throw IdentityError.conflict(`Role "${input.name}" already exists`, "displayName");
      await assertUsersExist(tx, [...new Set(input.userIds)]);
      await assertGroupsExist(tx, [...new Set(input.groupIds)]);
      await tx.run(`UPDATE "Role" SET "name" = ?, "description" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [
        input.name,
        input.description ?? current.description,
        new Date(),
        id,
      ]);
      const usersBefore = await roleHolders(tx, id);
      for (const table of ["RolePermission", "RoleUser", "RoleGroup"]) await tx.run(`DELETE FROM "${table}" WHERE "roleId" = ?`, [id]);
      await writeAssignments(tx, id, input);
      if (isAdmin) await assertAdminRemains(tx);
      await recordAudit(tx, actor, { action: "role.update", targetType: "Role", targetId: id, summary: input.name });
      await emitChange(tx, { entityType: "Role", entityId: id, operation: "assignments", name: input.name, usersBefore, usersAfter: await roleHolders(tx, id) }, options.origin);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`Role "${name}" already exists`, "displayName");
    throw err;
  }
  return getRole(sql, id);
}

export async function deleteRole(sql: Sql, id: string, actor: Actor, origin?: ChangeOrigin): Promise<void> {
  await sql.transaction(async (tx) => {
    const role = await tx.get<Columns<"Role", "name">>(`SELECT "name" FROM "Role" WHERE "id" = ?`, [id]);
    if (!role) throw IdentityError.notFound("Role");
    if (role.name === ADMIN_ROLE) throw IdentityError.invalid(`The ${ADMIN_ROLE} role cannot be deleted`);
    const usersBefore = await roleHolders(tx, id);
    await tx.run(`DELETE FROM "RoleUser" WHERE "roleId" = ?`, [id]);
    await tx.run(`DELETE FROM "RoleGroup" WHERE "roleId" = ?`, [id]);
    await emitChange(tx, { entityType: "Role", entityId: id, operation: "assignments", name: role.name, usersBefore, usersAfter: [] }, origin);
    await tx.run(`DELETE FROM "Role" WHERE "id" = ?`, [id]);
    await recordAudit(tx, actor, { action: "role.delete", targetType: "Role", targetId: id, summary: role.name });
  });
}

/** The ids of the roles with these names (names compare without case); names with no role are left out. */
export async function roleIdsByNames(exec: SqlExecutor, names: string[]): Promise<Map<string, string>> {
  if (!names.length) return new Map();
  const keys = [...new Set(names.map((n) => n.toLowerCase()))];
  const rows = await exec.all<Columns<"Role", "id" | "name">>(`SELECT "id", "name" FROM "Role" WHERE LOWER("name") IN (${placeholders(keys.length)})`, keys);
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

/**
 * Grants and takes back one user's direct role assignments in the caller's transaction (federated role mapping).
 * `announce` emits each changed role's assignments change, for a user that already exists; a user created in
 * the same transaction is announced whole by its own change instead.
 */
export async function changeUserRoles(tx: SqlExecutor, userId: string, grant: string[], revoke: string[], options: { announce: boolean; origin?: ChangeOrigin }): Promise<void> {
  const held = new Set((await tx.all<Columns<"RoleUser", "roleId">>(`SELECT "roleId" FROM "RoleUser" WHERE "userId" = ?`, [userId])).map((r) => r.roleId));
  const now = new Date();
  const changes: Array<{ roleId: string; add: boolean }> = [
    ...[...new Set(grant)].filter((id) => !held.has(id)).map((roleId) => ({ roleId, add: true })),
    ...[...new Set(revoke)].filter((id) => held.has(id) && !grant.includes(id)).map((roleId) => ({ roleId, add: false })),
  ];
  for (const { roleId, add } of changes) {
    const role = await tx.get<Columns<"Role", "name">>(`SELECT "name" FROM "Role" WHERE "id" = ?`, [roleId]);
    if (!role) continue;
    const usersBefore = options.announce ? await roleHolders(tx, roleId) : [];
    if (add) await tx.run(`INSERT INTO "RoleUser" ("roleId", "userId", "createdAt") VALUES (?, ?, ?)`, [roleId, userId, now]);
    else await tx.run(`DELETE FROM "RoleUser" WHERE "roleId" = ? AND "userId" = ?`, [roleId, userId]);
    if (role.name === ADMIN_ROLE && !add) await assertAdminRemains(tx);
    if (options.announce) {
      await emitChange(tx, { entityType: "Role", entityId: roleId, operation: "assignments", name: role.name, usersBefore, usersAfter: await roleHolders(tx, roleId) }, options.origin);
    }
  }
}
