import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "../scim/schema/core.ts";
import { CUSTOM_USER_SCHEMA } from "../identity/custom-attributes.ts";
import type { UserInput, MultiValue } from "../identity/users/user-input.ts";
import { MULTI_VALUED } from "../identity/users/user-input.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { etagOf } from "./http.ts";

const compact = <T extends Record<string, unknown>>(obj: T): Partial<T> =>
  Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))) as Partial<T>;

/** A user as a SCIM resource (RFC 7643 section 4.1), with the qualified userName WSO2 shows. */
export function toScimUser(user: UserView, baseUrl: string): Record<string, unknown> {
  const enterprise = compact({
    employeeNumber: user.enterprise.employeeNumber,
    costCenter: user.enterprise.costCenter,
    organization: user.enterprise.organization,
    division: user.enterprise.division,
    department: user.enterprise.department,
    manager: user.enterprise.managerId ? { value: user.enterprise.managerId, $ref: `${baseUrl}/scim2/Users/${user.enterprise.managerId}` } : null,
  });
  const hasCustom = Object.keys(user.custom).length > 0;
  const name = compact(user.name);
  const resource: Record<string, unknown> = {
    schemas: [USER_SCHEMA, ...(Object.keys(enterprise).length ? [ENTERPRISE_USER_SCHEMA] : []), ...(hasCustom ? [CUSTOM_USER_SCHEMA] : [])],
    id: user.id,
    ...compact({
      externalId: user.externalId,
      userName: user.userName,
      name: Object.keys(name).length ? name : null,
      displayName: user.displayName,
      nickName: user.nickName,
      profileUrl: user.profileUrl,
      title: user.title,
      userType: user.userType,
      preferredLanguage: user.preferredLanguage,
      locale: user.locale,
      timezone: user.timezone,
    }),
    active: user.active,
  };
  for (const attribute of MULTI_VALUED) {
    if (user[attribute].length) resource[attribute] = user[attribute];
  }
  if (user.groups?.length) {
    resource.groups = user.groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${baseUrl}/scim2/Groups/${g.id}`, type: "direct" }));
  }
  if (Object.keys(enterprise).length) resource[ENTERPRISE_USER_SCHEMA] = enterprise;
  if (hasCustom) resource[CUSTOM_USER_SCHEMA] = user.custom;
  resource.meta = {
    resourceType: "User",
    created: user.createdAt.toISOString(),
    lastModified: user.updatedAt.toISOString(),
    location: `${baseUrl}/scim2/Users/${user.id}`,
    version: etagOf(user.version),
  };
  return resource;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A validated SCIM User (canonical names, see lib/scim/validate.ts) as the store's input. */
export function scimToUserInput(resource: Record<string, unknown>): UserInput {
  const name = (resource.name ?? {}) as Record<string, unknown>;
  const enterprise = (resource[ENTERPRISE_USER_SCHEMA] ?? {}) as Record<string, unknown>;
  const manager = enterprise.manager as { value?: string } | undefined;
  const input: UserInput = {
    userName: String(resource.userName ?? ""),
    password: typeof resource.password === "string" ? resource.password : undefined,
    externalId: str(resource.externalId),
    active: typeof resource.active === "boolean" ? resource.active : true,
    name: {
      formatted: str(name.formatted),
      familyName: str(name.familyName),
      givenName: str(name.givenName),
      middleName: str(name.middleName),
      honorificPrefix: str(name.honorificPrefix),
      honorificSuffix: str(name.honorificSuffix),
    },
    displayName: str(resource.displayName),
    nickName: str(resource.nickName),
    profileUrl: str(resource.profileUrl),
    title: str(resource.title),
    userType: str(resource.userType),
    preferredLanguage: str(resource.preferredLanguage),
    locale: str(resource.locale),
    timezone: str(resource.timezone),
    enterprise: {
      employeeNumber: str(enterprise.employeeNumber),
      costCenter: str(enterprise.costCenter),
      organization: str(enterprise.organization),
      division: str(enterprise.division),
      department: str(enterprise.department),
      managerId: manager?.value ?? null,
    },
    custom: (resource[CUSTOM_USER_SCHEMA] ?? {}) as Record<string, unknown>,
  };
  for (const attribute of MULTI_VALUED) {
    const list = resource[attribute];
    if (Array.isArray(list)) (input as Record<string, unknown>)[attribute] = list.map((v) => stripRef(v as MultiValue));
  }
  return input;
}

/** $ref is derived from value on output; storing it would go stale. */
function stripRef(v: MultiValue): MultiValue {
  const { $ref, ...rest } = v as MultiValue & { $ref?: unknown };
  void $ref;
  return rest;
}
