import type { ProvisionedUser } from "../types.ts";
import { objectClassList, type SpmlConfig } from "./config.ts";
import { readSource } from "./sources.ts";

/** A DSMLv2 attribute: a name and its values (none, in a replace, clears it at the target). */
export interface DsmlAttr {
  name: string;
  values: string[];
}

export type MappingSettings = Pick<SpmlConfig, "objectClass" | "attributeMapping">;

/** The data of an addRequest: objectclass, then each mapped attribute the user has a value for. */
export function addAttributes(user: ProvisionedUser, settings: MappingSettings): DsmlAttr[] {
  const attrs: DsmlAttr[] = [{ name: "objectclass", values: objectClassList(settings) }];
  for (const { attribute, source } of settings.attributeMapping) {
    const value = readSource(user, source);
    if (value !== undefined) attrs.push({ name: attribute, values: [value] });
  }
  return attrs;
}

/**
 * The replace modifications of a modifyRequest: every mapped attribute, so the target ends up as the user is.
 * One the user no longer has is replaced by no value, which removes it (and is no error where it is absent).
 */
export function replaceModifications(user: ProvisionedUser, settings: MappingSettings): DsmlAttr[] {
  return settings.attributeMapping.map(({ attribute, source }) => {
    const value = readSource(user, source);
    return { name: attribute, values: value === undefined ? [] : [value] };
  });
}

/** The target attribute that carries the user name, which a search for an existing user matches on. */
export function userNameAttribute(settings: MappingSettings): string | undefined {
  return settings.attributeMapping.find((m) => m.source === "userName")?.attribute;
}
