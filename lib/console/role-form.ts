import { z } from "zod";
import { PERMISSIONS } from "../identity/permissions.ts";

/** The console's role form (General and Permissions tabs), shared by the React forms and the admin API. */
export const roleFormSchema = z.object({
  name: z.string().trim().min(1, "Role name is required").max(255, "At most 255 characters"),
  description: z.string().trim().max(1024, "At most 1024 characters").optional().default(""),
  permissions: z
    .array(z.enum(PERMISSIONS, { error: "Unknown permission" }))
    .max(PERMISSIONS.length * 2)
    .default([]),
});
export type RoleFormValues = z.input<typeof roleFormSchema>;

/** What the role form starts from when editing a role. */
export function roleToForm(role: { name: string; description: string; permissions: readonly string[] }): Required<RoleFormValues> {
  const known = new Set<string>(PERMISSIONS);
  return { name: role.name, description: role.description, permissions: role.permissions.filter((p) => known.has(p)) as Required<RoleFormValues>["permissions"] };
}

/**
 * Where the store's field names land on the role form and the admin API's bodies: the store speaks SCIM
 * (displayName, members, groups), the API and the form say name, userIds and groupIds.
 */
export const ROLE_FIELD_OF: Readonly<Record<string, string>> = { displayName: "name", members: "userIds", groups: "groupIds", permissions: "permissions" };

/** The permissions chosen after ticking or clearing some at once (a group's "all" box): each listed once, in the order given. */
export function withPermissions(chosen: readonly string[], names: readonly string[], on: boolean): string[] {
  const change = new Set(names);
  const kept = chosen.filter((p, i) => chosen.indexOf(p) === i && !change.has(p));
  return on ? [...kept, ...names.filter((n, i) => names.indexOf(n) === i)] : kept;
}

/** The other provisioning roles of a connection a role's Connections tab lists, or "" when it is the only one. */
export function otherRolesLine(roleId: string, provisioningRoles: readonly { id: string; name: string }[]): string {
  const others = provisioningRoles.filter((r) => r.id !== roleId).map((r) => r.name);
  return others.length ? `Also provisions holders of ${others.join(", ")}` : "Provisions only holders of this role";
}

/** How a user holds a role, as the user's page says it. */
export function heldRoleLine(role: { direct: boolean; groups: readonly { display: string }[] }): string {
  const through = role.groups.length ? `through ${role.groups.length === 1 ? "group" : "groups"} ${role.groups.map((g) => g.display).join(", ")}` : "";
  if (role.direct) return through ? `Directly, and ${through}` : "Directly";
  return through.charAt(0).toUpperCase() + through.slice(1);
}
