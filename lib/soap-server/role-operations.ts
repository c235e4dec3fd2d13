import { createGroup } from "../identity/groups/create-group.ts";
import { deleteGroup } from "../identity/groups/update-group.ts";
import { PERMISSIONS } from "../identity/permissions.ts";
import { createRole, deleteRole } from "../identity/roles/roles.ts";
import { IdentityError } from "../identity/errors.ts";
import { invalidatePermissions } from "../scim-server/auth.ts";
import { FAULT_TEXT } from "../wso2-user-admin/faults.ts";
import type { Arguments } from "./args.ts";
import { requirePermission, type SoapCall } from "./call.ts";
import { findRole, isEveryone, requireRole, requireUserId, roleRef, type RoleRef } from "./directory.ts";
import { SoapFault } from "./fault.ts";

const KNOWN_PERMISSIONS = new Set<string>(PERMISSIONS);

/**
 * Permissions of an Internal role, by their resource id. Provisio's permissions carry WSO2 IS 7's scope names
 * (internal_user_mgt_create, …); WSO2 5.x's UI permission paths have no equivalent and are refused by name.
 */
function permissionNames(role: string, permissions: Arguments<"addRole">["permissions"]): string[] {
  const names = permissions.map((p) => p.resourceId.trim());
  const unknown = names.filter((n) => !KNOWN_PERMISSIONS.has(n));
  if (unknown.length) throw SoapFault.client(`Unknown permission ${unknown.join(", ")} for role ${role}; permissions are Provisio's scope names: ${PERMISSIONS.join(", ")}`);
  return names;
}

const managePermission = (ref: RoleRef, action: "create" | "delete" | "view") => (ref.kind === "group" ? `internal_group_mgt_${action}` : `internal_role_mgt_${action}`);

/** A user store role becomes a group with these members; an Internal role a role with these permissions and users. */
export async function addRole(call: SoapCall, args: Arguments<"addRole">): Promise<void> {
  const ref = roleRef(args.roleName);
  requirePermission(call, managePermission(ref, "create"));
  if (ref.kind === "group" && args.permissions.length) {
    throw SoapFault.client(`Permissions apply to Internal roles only: ${args.roleName} is a user store role (a group); name it Internal/${args.roleName} for a role with permissions`);
  }
  const permissions = ref.kind === "role" ? permissionNames(args.roleName, args.permissions) : [];
  const userIds: string[] = [];
  for (const name of new Set(args.userList)) userIds.push(await requireUserId(call.sql, name, call.defaultDomain));
  try {
    if (ref.kind === "group") {
      await createGroup(call.sql, { displayName: ref.qualifiedName, memberIds: userIds }, { actor: call.actor, defaultDomain: call.defaultDomain, origin: call.origin });
    } else {
      await createRole(call.sql, { name: ref.name, permissions, userIds, groupIds: [] }, call.actor, call.origin);
    }
  } catch (err) {
    if (err instanceof IdentityError && err.code === "conflict") throw SoapFault.client(FAULT_TEXT.roleExists(args.roleName));
    throw err;
  }
  if (userIds.length) invalidatePermissions(call.sql);
}

export async function deleteRoleByName(call: SoapCall, args: Arguments<"deleteRole">): Promise<void> {
  const ref = roleRef(args.roleName);
  requirePermission(call, managePermission(ref, "delete"));
  const { id } = await requireRole(call.sql, args.roleName, call.defaultDomain);
  if (ref.kind === "group") await deleteGroup(call.sql, id, call.actor, call.origin);
  else await deleteRole(call.sql, id, call.actor, call.origin);
  invalidatePermissions(call.sql);
}

export async function isExistingRole(call: SoapCall, args: Arguments<"isExistingRole">): Promise<boolean> {
  const ref = roleRef(args.roleName);
  requirePermission(call, managePermission(ref, "view"));
  if (isEveryone(args.roleName)) return true;
  return (await findRole(call.sql, ref, call.defaultDomain)) !== undefined;
}
