import type { UserView } from "../identity/users/user-view.ts";
import type { ProvisionedUser } from "./connectors/types.ts";

/** The user as connectors receive it: what every target understands, without local-only details. */
export function provisionedUser(user: UserView): ProvisionedUser {
  return {
    id: user.id,
    userName: user.userName,
    externalId: user.externalId,
    active: user.active,
    name: { givenName: user.name.givenName, familyName: user.name.familyName, formatted: user.name.formatted, middleName: user.name.middleName },
    displayName: user.displayName,
    title: user.title,
    emails: user.emails.map(({ value, type, primary }) => ({ value, type, primary })),
    phoneNumbers: user.phoneNumbers.map(({ value, type, primary }) => ({ value, type, primary })),
    enterprise: {
      employeeNumber: user.enterprise.employeeNumber,
      department: user.enterprise.department,
      organization: user.enterprise.organization,
      costCenter: user.enterprise.costCenter,
      division: user.enterprise.division,
    },
  };
}

/** The user as a SCIM resource for provisioning rules (filters such as `department eq "Engineering"`). */
export function ruleResource(user: UserView): Record<string, unknown> {
  return {
    id: user.id,
    userName: user.userName,
    externalId: user.externalId,
    active: user.active,
    name: user.name,
    displayName: user.displayName,
    title: user.title,
    userType: user.userType,
    locale: user.locale,
    emails: user.emails,
    phoneNumbers: user.phoneNumbers,
    groups: (user.groups ?? []).map((g) => ({ value: g.id, display: g.displayName })),
    // enterprise attributes answer both to their full URN and, for short rules, to their bare names
    ...user.enterprise,
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": user.enterprise,
    "urn:scim:schemas:extension:custom:User": user.custom,
  };
}
