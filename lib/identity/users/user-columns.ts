import type { ValidUserInput, MultiValue } from "./user-input.ts";
import { MULTI_VALUED } from "./user-input.ts";
import { normaliseKey } from "../qualified-name.ts";
import { newId } from "../ids.ts";

/** Scalar columns of the User row for a validated input (userName handled by the caller: it carries the domain). */
export function userColumns(input: ValidUserInput) {
  const n = input.name;
  const e = input.enterprise;
  return {
    externalId: input.externalId ?? null,
    active: input.active,
    formattedName: n.formatted ?? null,
    familyName: n.familyName ?? null,
    givenName: n.givenName ?? null,
    middleName: n.middleName ?? null,
    honorificPrefix: n.honorificPrefix ?? null,
    honorificSuffix: n.honorificSuffix ?? null,
    displayName: input.displayName ?? null,
    displayNameKey: input.displayName ? normaliseKey(input.displayName) : null,
    nickName: input.nickName ?? null,
    profileUrl: input.profileUrl ?? null,
    title: input.title ?? null,
    userType: input.userType ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    locale: input.locale ?? null,
    timezone: input.timezone ?? null,
    employeeNumber: e.employeeNumber ?? null,
    costCenter: e.costCenter ?? null,
    organization: e.organization ?? null,
    division: e.division ?? null,
    department: e.department ?? null,
    managerId: e.managerId ?? null,
  };
}

export type UserValueData = {
  id: string;
  attribute: string;
  position: number;
  type: string | null;
  primary: boolean;
  value: string | null;
  valueKey: string | null;
  valueNum: number | null;
  display: string | null;
  data: string | null;
};

function valueRow(attribute: string, position: number, v: MultiValue): UserValueData {
  const { value, type, primary, display, ...rest } = v;
  return {
    id: newId(),
    attribute,
    position,
    type: type ?? null,
    primary: primary === true,
    value: value ?? null,
    valueKey: value !== undefined ? normaliseKey(value) : null,
    valueNum: null,
    display: display ?? null,
    data: Object.keys(rest).length ? JSON.stringify(rest) : null,
  };
}

/** One row per multi-valued value; at most one primary per attribute (RFC 7643 section 2.4): the first one wins. */
export function userValueRows(input: ValidUserInput): UserValueData[] {
  const rows: UserValueData[] = [];
  for (const attribute of MULTI_VALUED) {
    let primarySeen = false;
    input[attribute].forEach((v, i) => {
      const row = valueRow(attribute, i, v);
      if (row.primary) {
        if (primarySeen) row.primary = false;
        primarySeen = true;
      }
      rows.push(row);
    });
  }
  return rows;
}
