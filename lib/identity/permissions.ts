import type { SqlExecutor } from "../db/sql.ts";

/**
 * Permission names follow WSO2 IS's scopes, so an administrator moving from it recognises them and
 * OAuth scopes can be checked against the same names.
 */
export const PERMISSIONS = [
  "console_login",
  "internal_user_mgt_create",
  "internal_user_mgt_list",
  "internal_user_mgt_view",
  "internal_user_mgt_update",
  "internal_user_mgt_delete",
  "internal_group_mgt_create",
  "internal_group_mgt_view",
  "internal_group_mgt_update",
  "internal_group_mgt_delete",
  "internal_role_mgt_create",
  "internal_role_mgt_view",
  "internal_role_mgt_update",
  "internal_role_mgt_delete",
  "internal_bulk_resource_create",
  "internal_userstore_view",
  "internal_userstore_update",
  "internal_application_mgt_view",
  "internal_application_mgt_update",
  "internal_idp_view",
  "internal_idp_update",
  "internal_config_mgt_view",
  "internal_config_mgt_update",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ADMIN_ROLE = "admin";

/** Permissions a user holds through roles assigned to them directly or to a group they belong to. */
export async function permissionsOf(exec: SqlExecutor, userId: string): Promise<Set<string>> {
  const rows = await exec.all<{ permission: string }>(
    `SELECT DISTINCT p."permission" FROM "RolePermission" p
     WHERE p."roleId" IN (SELECT "roleId" FROM "RoleUser" WHERE "userId" = ?)
        OR p."roleId" IN (SELECT rg."roleId" FROM "RoleGroup" rg JOIN "GroupMember" m ON m."groupId" = rg."groupId" WHERE m."userId" = ?)`,
    [userId, userId],
  );
  return new Set(rows.map((r) => r.permission));
}
