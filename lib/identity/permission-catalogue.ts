import { PERMISSIONS, type Permission } from "./permissions.ts";

/** One permission as a role's Permissions tab offers it. */
export interface PermissionInfo {
  name: Permission;
  description: string;
}

/** The permissions of one API resource, grouped as WSO2 IS 7's console groups a role's permissions. */
export interface PermissionGroup {
  id: string;
  label: string;
  /** the WSO2 API resource these scopes belong to */
  apiResource: string;
  permissions: PermissionInfo[];
}

const group = (id: string, label: string, apiResource: string, permissions: [Permission, string][]): PermissionGroup => ({
  id,
  label,
  apiResource,
  permissions: permissions.map(([name, description]) => ({ name, description })),
});

/** Every permission, once, in the order the console lists them. */
export const PERMISSION_GROUPS: readonly PermissionGroup[] = [
  group("console", "Console", "Console", [["console_login", "Sign in to the console"]]),
  group("users", "Users", "SCIM2 Users API", [
    ["internal_user_mgt_list", "List and search users"],
    ["internal_user_mgt_view", "View a user"],
    ["internal_user_mgt_create", "Create users"],
    ["internal_user_mgt_update", "Update users and their passwords"],
    ["internal_user_mgt_delete", "Delete users"],
  ]),
  group("groups", "Groups", "SCIM2 Groups API", [
    ["internal_group_mgt_view", "List and view groups and their members"],
    ["internal_group_mgt_create", "Create groups"],
    ["internal_group_mgt_update", "Rename groups and change their members"],
    ["internal_group_mgt_delete", "Delete groups"],
  ]),
  group("roles", "Roles", "SCIM2 Roles API", [
    ["internal_role_mgt_view", "List and view roles, their permissions and assignments"],
    ["internal_role_mgt_create", "Create roles"],
    ["internal_role_mgt_update", "Change roles: name, permissions, assigned users and groups"],
    ["internal_role_mgt_delete", "Delete roles"],
  ]),
  group("bulk", "Bulk operations", "SCIM2 Bulk API", [["internal_bulk_resource_create", "SCIM 2.0 bulk requests, as WSO2 names them; each operation of a request needs its own permission"]]),
  group("applications", "Applications", "Application Management API", [
    ["internal_application_mgt_view", "View applications, provisioning settings and provisioning activity"],
    ["internal_application_mgt_update", "Create, change and delete applications and provisioning settings; retry provisioning"],
  ]),
  group("identity-providers", "Identity providers", "Identity Provider Management API", [
    ["internal_idp_view", "View connections: sign-in settings, outbound connectors, provisioning roles"],
    ["internal_idp_update", "Create, change and delete connections and their outbound connectors"],
  ]),
  group("user-stores", "User stores", "User Store Management API", [
    ["internal_userstore_view", "View user stores"],
    ["internal_userstore_update", "Create, change and delete user stores"],
  ]),
  group("configuration", "Server configuration", "Configs Management API", [
    ["internal_config_mgt_view", "View server settings, custom user attributes and the audit log"],
    ["internal_config_mgt_update", "Change server settings and custom user attributes, rotate signing keys"],
  ]),
];

/** Permissions missing from the catalogue or listed more than once: none, as its unit test checks. */
export function catalogueProblems(groups: readonly PermissionGroup[] = PERMISSION_GROUPS): string[] {
  const listed = groups.flatMap((g) => g.permissions.map((p) => p.name as string));
  const twice = listed.filter((name, i) => listed.indexOf(name) !== i).map((name) => `${name} is listed more than once`);
  const missing = PERMISSIONS.filter((p) => !listed.includes(p)).map((p) => `${p} is in no group`);
  return [...twice, ...missing];
}

/**
 * The catalogue's groups with, for a role's Permissions tab, which of each group's permissions a role has:
 * all, some or none. Permissions the catalogue does not know are left out.
 */
export function groupSelection(groups: readonly PermissionGroup[], held: Iterable<string>): { id: string; state: "all" | "some" | "none" }[] {
  const set = new Set(held);
  return groups.map((g) => {
    const n = g.permissions.filter((p) => set.has(p.name)).length;
    return { id: g.id, state: n === 0 ? "none" : n === g.permissions.length ? "all" : "some" };
  });
}
