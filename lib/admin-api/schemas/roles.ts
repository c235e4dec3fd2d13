import { z } from "zod";
import { roleFormSchema } from "../../console/role-form.ts";
import { describeFields, described, named } from "./documentation.ts";
import { instant } from "./json-values.ts";
import { pageOf } from "./paging.ts";
import { outboundFailures, outboundResults } from "./users.ts";
import { roleRef } from "./identity-providers.ts";

describeFields(roleFormSchema.shape, {
  name: "Unique among roles, in any case; the admin role cannot be renamed",
  description: "Free text; empty when left out",
  permissions: "Permission names (WSO2 scopes); GET /roles/meta/permissions lists them",
});

const ids = (what: string) => described(z.array(z.string().min(1)).max(1000), what);

export const roleInput = named(
  "RoleInput",
  roleFormSchema.extend({
    userIds: ids("The users the role is assigned to directly; left out on a replace, the assignments stay as they are").optional(),
    groupIds: ids("The groups the role is assigned to (their members hold it); left out on a replace, the assignments stay as they are").optional(),
    version: described(z.number().int(), "The version read before editing: a replace over a newer version is refused (412)").optional(),
  }),
  "A role's name, description and permissions, and optionally who it is assigned to",
);

const assignee = z.strictObject({ id: z.string(), display: described(z.string(), "The user or group name, DOMAIN/name outside PRIMARY") });

export const roleConnection = named(
  "RoleConnection",
  z.strictObject({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    provisioningRoles: described(z.array(roleRef), "Every provisioning role of the connection: holders of any one of them are provisioned"),
  }),
  "A connection whose outbound provisioning is limited to holders of the role (and of its other provisioning roles)",
);

const roleFields = {
  id: z.string(),
  name: z.string(),
  description: z.string(),
  audience: described(z.string(), 'WSO2\'s role audience: "organization"'),
  version: z.int(),
  createdAt: instant(),
  updatedAt: instant(),
};

export const role = named(
  "Role",
  z.strictObject({
    ...roleFields,
    permissions: z.array(z.string()),
    users: described(z.array(assignee), "Users the role is assigned to directly, by user name"),
    groups: described(z.array(assignee), "Groups the role is assigned to, by name"),
    connections: described(z.array(roleConnection), "Connections that provision only holders of their provisioning roles, this one among them"),
  }),
  "A role: its permissions, the users and groups it is assigned to, and the connections whose provisioning it limits",
);

export const roleChange = named("RoleChange", role.extend({ outboundFailures, outboundResults }), "The saved role, with the failures of blocking outbound provisioners");

export const roleSummary = named(
  "RoleSummary",
  z.strictObject({
    ...roleFields,
    permissionCount: z.int(),
    userCount: described(z.int(), "Users the role is assigned to directly"),
    groupCount: z.int(),
  }),
  "A role as the list shows it",
);

export const rolePage = named("RolePage", pageOf(roleSummary));

export const permissionGroup = named(
  "PermissionGroup",
  z.strictObject({
    id: z.string(),
    label: z.string(),
    apiResource: described(z.string(), "The WSO2 API resource whose scopes these are"),
    permissions: z.array(z.strictObject({ name: z.string(), description: z.string() })),
  }),
  "Permissions grouped as WSO2's console groups a role's permissions",
);

export const roleUsersChange = named("RoleUsersChange", z.object({ userIds: z.array(z.string().min(1)).min(1, "Choose at least one user").max(1000) }));

export const roleGroupsChange = named("RoleGroupsChange", z.object({ groupIds: z.array(z.string().min(1)).min(1, "Choose at least one group").max(1000) }));

export const assignmentsAdded = named("AssignmentsAdded", z.strictObject({ added: described(z.int(), "Users or groups the role was not assigned to yet"), outboundFailures, outboundResults }));

export const assignmentsRemoved = named("AssignmentsRemoved", z.strictObject({ removed: described(z.int(), "Users or groups the role was assigned to"), outboundFailures, outboundResults }));

export const heldRole = named(
  "HeldRole",
  z.strictObject({
    id: z.string(),
    name: z.string(),
    direct: described(z.boolean(), "Assigned to the user directly"),
    groups: described(z.array(assignee), "The user's groups the role is assigned to"),
  }),
  "A role a user holds, directly or through groups",
);
