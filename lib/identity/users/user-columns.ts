import type { ValidUserInput, MultiValue } from "./user-input.ts";
import { MULTI_VALUED } from "./user-input.ts";
import { normaliseKey } from "../qualified-name.ts";
import { newId } from "../ids.ts";
import { IdentityError } from "../errors.ts";
import { coerceCustomValue, type CustomAttribute } from "../custom-attributes.ts";

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

/** Rows of the custom extension's values, checked against their definitions; unknown names are refused. */
function customValueRows(input: ValidUserInput, defs: CustomAttribute[]): UserValueData[] {
  const rows: UserValueData[] = [];
  for (const [name, raw] of Object.entries(input.custom)) {
    const def = defs.find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (!def) throw IdentityError.invalid(`Unknown attribute "${name}" of the custom extension`, `custom.${name}`);
    if (raw === null || raw === undefined) continue;
    if (def.mutability === "readOnly") throw IdentityError.invalid(`Attribute "${def.name}" is read-only`, `custom.${def.name}`);
    const list = def.multiValued ? (Array.isArray(raw) ? raw : [raw]) : [raw];
    if (!def.multiValued && Array.isArray(raw)) throw IdentityError.invalid(`Attribute "${def.name}" is single-valued`, `custom.${def.name}`);
    list.forEach((item, position) => {
      const value = coerceCustomValue(def, item);
      const text = String(value);
      rows.push({
        id: newId(),
        attribute: `custom:${def.name}`,
        position,
        type: null,
        primary: false,
        value: text,
        valueKey: normaliseKey(text),
        valueNum: typeof value === "number" ? value : def.type === "dateTime" ? Date.parse(text) : null,
        display: null,
        data: null,
      });
    });
  }
  for (const def of defs) {
    if (def.required && !rows.some((r) => r.attribute === `custom:${def.name}`)) {
      throw IdentityError.invalid(`Attribute "${def.name}" is required`, `custom.${def.name}`);
    }
  }
  return rows;
}

/** One row per multi-valued value; at most one primary per attribute (RFC 7643 section 2.4): the first one wins. */
export function userValueRows(input: ValidUserInput, customDefs: CustomAttribute[]): UserValueData[] {
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
  return rows.concat(customValueRows(input, customDefs));
}
