import { updateGroup } from "../identity/groups/update-group.ts";
import { replaceRole, type RoleView } from "../identity/roles/roles.ts";
import { invalidatePermissions } from "../scim-server/auth.ts";
import type { SoapCall } from "./call.ts";
import { requirePermission } from "./call.ts";
import { isEveryone, requireRole, type RoleRef } from "./directory.ts";

export interface ResolvedRole {
  name: string;
  ref: RoleRef;
  id: string;
}

/**
 * The roles named, each checked to exist and to be one the caller may change the members of, before anything
 * is written: a request naming one unknown role changes nothing. Internal/everyone is left out (every user
 * holds it).
 */
export async function resolveRoles(call: SoapCall, names: readonly string[]): Promise<ResolvedRole[]> {
  const out: ResolvedRole[] = [];
  for (const name of names) {
    if (isEveryone(name)) continue;
    const { ref, id } = await requireRole(call.sql, name, call.defaultDomain);
    requirePermission(call, ref.kind === "group" ? "internal_group_mgt_update" : "internal_role_mgt_update");
    out.push({ name, ref, id });
  }
  return out;
}

const roleInput = (role: RoleView, userIds: string[]) => ({
  name: role.name,
  description: role.description,
  permissions: role.permissions,
  userIds,
  groupIds: role.groups.map((g) => g.id),
});

/**
 * Adds the user to or removes it from a user store role (a group: one member row, a group update change for
 * outbound provisioning) or an Internal role (a direct assignment). Adding a member twice or removing a
 * non-member changes nothing, so a client may repeat a call.
 */
export async function changeMembership(call: SoapCall, userId: string, role: ResolvedRole, add: boolean): Promise<void> {
  if (role.ref.kind === "group") {
    await updateGroup(call.sql, role.id, add ? { addMembers: [userId] } : { removeMembers: [userId] }, call.actor, { origin: call.origin, countMembers: false });
  } else {
    await replaceRole(
      call.sql,
      role.id,
      (current) => {
        const ids = current.users.map((u) => u.id);
        if (ids.includes(userId) === add) return null;
        return roleInput(current, add ? [...ids, userId] : ids.filter((id) => id !== userId));
      },
      call.actor,
      { origin: call.origin },
    );
  }
  // roles and group memberships decide permissions: a change applies to the very next request, as through SCIM
  invalidatePermissions(call.sql);
}
