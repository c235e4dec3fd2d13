import type { Db, Tx } from "../db/client.ts";

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
export async function permissionsOf(client: Db | Tx, userId: string): Promise<Set<string>> {
  const rows = await client.rolePermission.findMany({
    where: {
      role: {
        OR: [{ users: { some: { userId } } }, { groups: { some: { group: { members: { some: { userId } } } } } }],
      },
    },
    select: { permission: true },
  });
  return new Set(rows.map((r) => r.permission));
}
