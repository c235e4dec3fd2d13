import type { SqlExecutor } from "../db/sql.ts";
import { splitQualifiedName } from "../identity/qualified-name.ts";
import { findStore } from "../identity/user-stores.ts";
import { userIdByName } from "../identity/users/user-rows.ts";
import { groupIdByName } from "../identity/groups/group-reads.ts";
import { roleIdsByNames } from "../identity/roles/roles.ts";
import { FAULT_TEXT } from "../wso2-user-admin/faults.ts";
import { SoapFault } from "./fault.ts";

/**
 * WSO2's names for users and roles, resolved in Provisio's store. A user is "name" (the caller's inbound user
 * store) or "DOMAIN/name". A role is WSO2's kind by its prefix: "Internal/name" is a Provisio role (permissions
 * and assignments), "Application/…" an application role (none in Provisio), any other name a user store role,
 * which is what Provisio calls a group ("name" or "DOMAIN/name").
 */
export type RoleRef = { kind: "role"; name: string } | { kind: "group"; qualifiedName: string; domain: string | undefined; name: string };

const INTERNAL = "internal/";
/** Every user holds WSO2's Internal/everyone implicitly: clients name it, and there is nothing to do about it. */
export const EVERYONE = "internal/everyone";

export function roleRef(roleName: string): RoleRef {
  const lower = roleName.toLowerCase();
  if (lower.startsWith(INTERNAL)) return { kind: "role", name: roleName.slice(INTERNAL.length) };
  if (lower.startsWith("application/")) throw SoapFault.client(`Application roles are not supported: ${roleName}`);
  const { domain, name } = splitQualifiedName(roleName);
  return { kind: "group", qualifiedName: roleName, domain, name };
}

export const isEveryone = (roleName: string) => roleName.toLowerCase() === EVERYONE;

export async function findUserId(exec: SqlExecutor, userName: string, defaultDomain: string): Promise<string | undefined> {
  const { domain, name } = splitQualifiedName(userName);
  const store = await findStore(exec, domain ?? defaultDomain);
  return store ? userIdByName(exec, store.id, name) : undefined;
}

export async function requireUserId(exec: SqlExecutor, userName: string, defaultDomain: string): Promise<string> {
  const id = await findUserId(exec, userName, defaultDomain);
  if (!id) throw SoapFault.client(FAULT_TEXT.userNotFound(userName));
  return id;
}

/** The Provisio group or role a WSO2 role name means, if it exists. */
export async function findRole(exec: SqlExecutor, ref: RoleRef, defaultDomain: string): Promise<string | undefined> {
  if (ref.kind === "role") return (await roleIdsByNames(exec, [ref.name])).get(ref.name.toLowerCase());
  const store = await findStore(exec, ref.domain ?? defaultDomain);
  return store ? groupIdByName(exec, store.id, ref.name) : undefined;
}

export async function requireRole(exec: SqlExecutor, roleName: string, defaultDomain: string): Promise<{ ref: RoleRef; id: string }> {
  const ref = roleRef(roleName);
  const id = await findRole(exec, ref, defaultDomain);
  if (!id) throw SoapFault.client(FAULT_TEXT.roleNotFound(roleName));
  return { ref, id };
}
