import type { SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";

// Who holds which role: a user holds a role assigned to them directly or to one of their groups.

/** The ids of the roles a user holds. */
export async function rolesHeldBy(exec: SqlExecutor, userId: string): Promise<Set<string>> {
  const rows = await exec.all<{ roleId: string }>(
    `SELECT "roleId" FROM "RoleUser" WHERE "userId" = ? UNION SELECT rg."roleId" FROM "RoleGroup" rg JOIN "GroupMember" m ON m."groupId" = rg."groupId" WHERE m."userId" = ?`,
    [userId, userId],
  );
  return new Set(rows.map((r) => r.roleId));
}

/** The ids of the users holding any of the roles. */
export async function usersHoldingAnyRole(exec: SqlExecutor, roleIds: string[]): Promise<Set<string>> {
  const marks = placeholders(roleIds.length);
  const rows = await exec.all<{ id: string }>(
    `SELECT "userId" AS "id" FROM "RoleUser" WHERE "roleId" IN (${marks})
     UNION SELECT m."userId" AS "id" FROM "RoleGroup" rg JOIN "GroupMember" m ON m."groupId" = rg."groupId" WHERE rg."roleId" IN (${marks})`,
    [...roleIds, ...roleIds],
  );
  return new Set(rows.map((r) => String(r.id)));
}
