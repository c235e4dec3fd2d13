import type { SqlExecutor } from "../../db/sql.ts";
import { IdentityError } from "../errors.ts";
import { ADMIN_ROLE } from "../permissions.ts";

/**
 * The one invariant every channel (SCIM Users, Me, Bulk, Roles, Groups, the console, the admin API) keeps: at
 * least one active user holds the admin role, directly or through a group, or nobody can administer the
 * server any more. Writes that can break it call `assertAdminRemains` at the end of their transaction, so the
 * refusal rolls the whole change back.
 */

async function adminRoleId(tx: SqlExecutor): Promise<string | undefined> {
  // on PostgreSQL the role's row lock serialises such writes: two removals of the last two admins cannot each
  // see the other one still present (SQLite's single writer already runs them one after another)
  const lock = tx.dialect === "postgres" ? " FOR UPDATE" : "";
  return (await tx.get<{ id: string }>(`SELECT "id" FROM "Role" WHERE "name" = ?${lock}`, [ADMIN_ROLE]))?.id;
}

/** Whether the user holds the admin role, directly or through a group. */
export async function holdsAdminRole(tx: SqlExecutor, userId: string): Promise<boolean> {
  const row = await tx.get(
    `SELECT 1 AS "x" FROM "Role" r WHERE r."name" = ? AND (
       EXISTS (SELECT 1 FROM "RoleUser" ru WHERE ru."roleId" = r."id" AND ru."userId" = ?)
       OR EXISTS (SELECT 1 FROM "RoleGroup" rg JOIN "GroupMember" m ON m."groupId" = rg."groupId" WHERE rg."roleId" = r."id" AND m."userId" = ?))`,
    [ADMIN_ROLE, userId, userId],
  );
  return row !== undefined;
}

/** Whether members of the group hold the admin role through it. */
export async function grantsAdminRole(tx: SqlExecutor, groupId: string): Promise<boolean> {
  const row = await tx.get(`SELECT 1 AS "x" FROM "RoleGroup" rg JOIN "Role" r ON r."id" = rg."roleId" WHERE rg."groupId" = ? AND r."name" = ?`, [groupId, ADMIN_ROLE]);
  return row !== undefined;
}

export async function assertAdminRemains(tx: SqlExecutor): Promise<void> {
  const roleId = await adminRoleId(tx);
  if (!roleId) return;
  const row = await tx.get<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "User" u WHERE u."active" = ? AND u."id" IN (
       SELECT ru."userId" FROM "RoleUser" ru WHERE ru."roleId" = ?
       UNION SELECT m."userId" FROM "RoleGroup" rg JOIN "GroupMember" m ON m."groupId" = rg."groupId" WHERE rg."roleId" = ?)`,
    [true, roleId, roleId],
  );
  if (Number(row?.n ?? 0) === 0) {
    throw new IdentityError("forbidden", "This change would leave no active user with the admin role: assign the role to another user first");
  }
}
