import type { ProvisionedUser } from "../types.ts";

export const SCIM2_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM2_ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const SCIM2_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCIM2_PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface UserNameSettings {
  userStoreDomain?: string | undefined;
  /** off: names of secondary user stores keep their "DOMAIN/" prefix at the target */
  stripLocalDomain: boolean;
}

const PRIMARY_DOMAIN = "PRIMARY";
const isPrimary = (domain: string) => domain.toUpperCase() === PRIMARY_DOMAIN;

/**
 * A user name or group display name as the remote should see it. PRIMARY is the implicit domain of every SCIM
 * name (WSO2 and Provisio show PRIMARY names bare), so "PRIMARY/" is never sent: it would only make names longer
 * than the target allows and unlike what it stores. A configured user store domain other than PRIMARY replaces
 * the local one; otherwise a secondary store's prefix is kept only when stripping is off. Idempotent, so the
 * engine may pass either the local name or one already mapped (to findUserByUserName) and get the same answer.
 */
export function remoteName(name: string, settings: UserNameSettings): string {
  const slash = name.indexOf("/");
  const localDomain = slash > 0 ? name.slice(0, slash) : undefined;
  const bare = localDomain === undefined ? name : name.slice(slash + 1);
  const target = settings.userStoreDomain;
  if (target) return isPrimary(target) ? bare : `${target}/${bare}`;
  if (localDomain === undefined || isPrimary(localDomain) || settings.stripLocalDomain) return bare;
  return name;
}

/** User names follow the same rules as group names. */
export const remoteUserName = remoteName;

/** A SCIM filter string literal: RFC 7644 section 3.4.2.2 takes JSON string syntax, so `"` and `\` are escaped. */
export function filterLiteral(value: string): string {
  return JSON.stringify(value);
}

export function eqFilter(attribute: string, value: string, operator = "eq"): string {
  return `${attribute} ${operator} ${filterLiteral(value)}`;
}

type Entry = { value?: string; type?: string; primary?: boolean };

function present(v: string | null | undefined): v is string {
  return typeof v === "string" && v !== "";
}

/** Drops null and empty values: several SCIM servers refuse `null`, and on PUT an omitted attribute is cleared anyway. */
function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined && v !== "") out[k] = v;
  return out as Partial<T>;
}

function entries(list: Entry[]): Entry[] {
  return list.filter((e) => present(e.value)).map((e) => compact({ value: e.value, type: e.type, primary: e.primary === true ? true : undefined }));
}

/** Core user attributes whose names SCIM 1.1 and 2.0 share. */
export function coreUserAttributes(user: ProvisionedUser, settings: UserNameSettings): Record<string, unknown> {
  const name = user.name ? compact({ ...user.name }) : {};
  const emails = entries(user.emails ?? []);
  const phoneNumbers = entries(user.phoneNumbers ?? []);
  return {
    userName: remoteUserName(user.userName, settings),
    ...(present(user.externalId) ? { externalId: user.externalId } : {}),
    active: user.active,
    ...(Object.keys(name).length ? { name } : {}),
    ...(present(user.displayName) ? { displayName: user.displayName } : {}),
    ...(present(user.title) ? { title: user.title } : {}),
    ...(emails.length ? { emails } : {}),
    ...(phoneNumbers.length ? { phoneNumbers } : {}),
    ...(present(user.password) ? { password: user.password } : {}),
  };
}

export function enterpriseAttributes(user: ProvisionedUser): Record<string, string> | undefined {
  const ext = compact({ ...(user.enterprise ?? {}) }) as Record<string, string>;
  return Object.keys(ext).length ? ext : undefined;
}

/** The full SCIM 2.0 User (RFC 7643 section 4.1 and 4.3), used both for POST and for PUT. */
export function toScim2User(user: ProvisionedUser, settings: UserNameSettings): Record<string, unknown> {
  const enterprise = enterpriseAttributes(user);
  return {
    schemas: enterprise ? [SCIM2_USER_SCHEMA, SCIM2_ENTERPRISE_SCHEMA] : [SCIM2_USER_SCHEMA],
    ...coreUserAttributes(user, settings),
    ...(enterprise ? { [SCIM2_ENTERPRISE_SCHEMA]: enterprise } : {}),
  };
}

export function memberValues(remoteIds: readonly string[]): { value: string }[] {
  return [...new Set(remoteIds)].map((value) => ({ value }));
}
