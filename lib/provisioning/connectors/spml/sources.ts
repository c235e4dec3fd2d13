import type { ProvisionedUser } from "../types.ts";
import { remoteUserName } from "../scim2/mapping.ts";

type Entry = { value?: string; primary?: boolean };

const present = (v: string | null | undefined): v is string => typeof v === "string" && v.trim() !== "";

/** The primary entry's value, else the first with a value: a DSML attribute such as mail takes one. */
function preferred(list: readonly Entry[] | undefined): string | undefined {
  const withValue = (list ?? []).filter((e) => present(e.value));
  return (withValue.find((e) => e.primary) ?? withValue[0])?.value;
}

/** The user store domain is a Provisio notion: the target gets the bare name ("MYSQL/kim" is sent as "kim"). */
export const bareUserName = (userName: string) => remoteUserName(userName, { stripLocalDomain: true });

function fullName(user: ProvisionedUser): string | undefined {
  if (present(user.name?.formatted)) return user.name.formatted;
  const parts = [user.name?.givenName, user.name?.middleName, user.name?.familyName].filter(present);
  return parts.length ? parts.join(" ") : undefined;
}

/**
 * The user attributes an SPML attribute can be filled from (docs/connectors.md describes each). The keys are
 * stored in connector settings: rename none.
 */
export const USER_SOURCES = {
  userName: (u: ProvisionedUser) => bareUserName(u.userName),
  externalId: (u: ProvisionedUser) => u.externalId,
  displayName: (u: ProvisionedUser) => u.displayName,
  // person objects require cn, so it falls back as far as the user name rather than leave the user unsendable
  commonName: (u: ProvisionedUser) => (present(u.displayName) ? u.displayName : (fullName(u) ?? bareUserName(u.userName))),
  fullName,
  givenName: (u: ProvisionedUser) => u.name?.givenName,
  familyName: (u: ProvisionedUser) => u.name?.familyName,
  middleName: (u: ProvisionedUser) => u.name?.middleName,
  email: (u: ProvisionedUser) => preferred(u.emails),
  phoneNumber: (u: ProvisionedUser) => preferred(u.phoneNumbers),
  title: (u: ProvisionedUser) => u.title,
  employeeNumber: (u: ProvisionedUser) => u.enterprise?.employeeNumber,
  department: (u: ProvisionedUser) => u.enterprise?.department,
  organization: (u: ProvisionedUser) => u.enterprise?.organization,
  costCenter: (u: ProvisionedUser) => u.enterprise?.costCenter,
  division: (u: ProvisionedUser) => u.enterprise?.division,
  // LDAP's Boolean syntax (RFC 4517 section 3.3.3)
  active: (u: ProvisionedUser) => (u.active ? "TRUE" : "FALSE"),
} satisfies Record<string, (user: ProvisionedUser) => string | null | undefined>;

export type UserSource = keyof typeof USER_SOURCES;

export const USER_SOURCE_NAMES = Object.keys(USER_SOURCES) as [UserSource, ...UserSource[]];

/** The value of a source for a user; empty values count as absent. */
export function readSource(user: ProvisionedUser, source: UserSource): string | undefined {
  const value = USER_SOURCES[source](user);
  return present(value) ? value : undefined;
}
