import type { ProvisionedUser } from "../types.ts";
import { coreUserAttributes, enterpriseAttributes, memberValues, remoteName, type UserNameSettings } from "../scim2/mapping.ts";

export const SCIM11_CORE_SCHEMA = "urn:scim:schemas:core:1.0";

export interface Scim11MappingSettings extends UserNameSettings {
  enterpriseExtensionKey?: string | undefined;
}

/** A SCIM 1.1 User: the core attribute names are those of SCIM 2.0; only the schema URNs differ. */
export function toScim11User(user: ProvisionedUser, settings: Scim11MappingSettings): Record<string, unknown> {
  const key = settings.enterpriseExtensionKey;
  const enterprise = key ? enterpriseAttributes(user) : undefined;
  return {
    schemas: enterprise && key!.startsWith("urn:") ? [SCIM11_CORE_SCHEMA, key] : [SCIM11_CORE_SCHEMA],
    ...coreUserAttributes(user, settings),
    ...(enterprise ? { [key!]: enterprise } : {}),
  };
}

export interface Scim11Member {
  value: string;
  display?: string;
  type?: string;
}

export function toScim11Group(displayName: string, members: readonly Scim11Member[], settings: UserNameSettings): Record<string, unknown> {
  return { schemas: [SCIM11_CORE_SCHEMA], displayName: remoteName(displayName, settings), ...(members.length ? { members } : {}) };
}

/**
 * The member list after a delta: remote members keep their order and their `display`/`type` (some SCIM 1.1
 * servers want them back on PUT), removed ones go, added ones are appended once.
 */
export function applyMemberDelta(current: readonly Scim11Member[], add: readonly string[], remove: readonly string[]): Scim11Member[] {
  const removed = new Set(remove);
  const seen = new Set<string>();
  const out: Scim11Member[] = [];
  for (const m of current) {
    if (removed.has(m.value) || seen.has(m.value)) continue;
    seen.add(m.value);
    out.push({ value: m.value, ...(m.display ? { display: m.display } : {}), ...(m.type ? { type: m.type } : {}) });
  }
  for (const { value } of memberValues(add)) {
    if (seen.has(value) || removed.has(value)) continue;
    seen.add(value);
    out.push({ value });
  }
  return out;
}
