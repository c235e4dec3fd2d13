import type { MultiValue, MultiValuedAttribute } from "./user-input.ts";
import { MULTI_VALUED } from "./user-input.ts";
import { qualifyName } from "../qualified-name.ts";
import { asBool, asDate, asDateOrNull } from "../../db/values.ts";
import type { CustomAttribute, CustomValue } from "../custom-attributes.ts";

/** A user as the store returns it. Never carries the password hash. */
export interface UserView {
  id: string;
  userName: string;
  domain: string;
  externalId: string | null;
  active: boolean;
  name: { formatted: string | null; familyName: string | null; givenName: string | null; middleName: string | null; honorificPrefix: string | null; honorificSuffix: string | null };
  displayName: string | null;
  nickName: string | null;
  profileUrl: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  enterprise: { employeeNumber: string | null; costCenter: string | null; organization: string | null; division: string | null; department: string | null; managerId: string | null };
  emails: MultiValue[];
  phoneNumbers: MultiValue[];
  ims: MultiValue[];
  photos: MultiValue[];
  addresses: MultiValue[];
  entitlements: MultiValue[];
  roles: MultiValue[];
  x509Certificates: MultiValue[];
  custom: Record<string, CustomValue | CustomValue[]>;
  /** the groups the user belongs to, when loaded */
  groups?: { id: string; displayName: string }[];
  hasPassword: boolean;
  locked: boolean;
  source: string;
  /** a JIT user: the connection that created it and its subject there */
  sourceConnection: string | null;
  sourceSubject: string | null;
  version: number;
  /** what the representation depends on (see user-stamps.ts), when loaded */
  stamp?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserValueRow {
  attribute: string;
  type: string | null;
  primary: unknown;
  value: string | null;
  display: string | null;
  data: string | null;
}

/** A "User" row joined with its store's domain, as either dialect returns it. */
export type UserRow = Record<string, unknown> & { id: string; userName: string; domain: string; version: number };

function toMultiValue(row: UserValueRow): MultiValue {
  const extra = row.data ? (JSON.parse(row.data) as Record<string, string | number | boolean | null>) : {};
  const v: MultiValue = { ...extra };
  if (row.value !== null) v.value = row.value;
  if (row.type !== null) v.type = row.type;
  if (row.display !== null) v.display = row.display;
  if (asBool(row.primary)) v.primary = true;
  return v;
}

function customValue(def: CustomAttribute | undefined, raw: string | null): CustomValue | null {
  if (raw === null) return null;
  switch (def?.type) {
    case "boolean":
      return raw === "true";
    case "integer":
    case "decimal":
      return Number(raw);
    default:
      return raw;
  }
}

const s = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function toUserView(row: UserRow, values: UserValueRow[], customDefs: CustomAttribute[], now = new Date()): UserView {
  const multi = Object.fromEntries(MULTI_VALUED.map((a) => [a, [] as MultiValue[]])) as Record<MultiValuedAttribute, MultiValue[]>;
  const custom: Record<string, CustomValue | CustomValue[]> = {};
  for (const value of values) {
    if (value.attribute.startsWith("custom:")) {
      const name = value.attribute.slice(7);
      const def = customDefs.find((d) => d.name === name);
      const typed = customValue(def, value.value);
      if (typed === null || !def) continue;
      if (def.multiValued) ((custom[name] ??= []) as CustomValue[]).push(typed);
      else custom[name] = typed;
    } else if ((MULTI_VALUED as readonly string[]).includes(value.attribute)) {
      multi[value.attribute as MultiValuedAttribute].push(toMultiValue(value));
    }
  }
  const lockedUntil = asDateOrNull(row.lockedUntil);
  return {
    id: row.id,
    userName: qualifyName(row.domain, row.userName),
    domain: row.domain,
    externalId: s(row.externalId),
    active: asBool(row.active),
    name: {
      formatted: s(row.formattedName),
      familyName: s(row.familyName),
      givenName: s(row.givenName),
      middleName: s(row.middleName),
      honorificPrefix: s(row.honorificPrefix),
      honorificSuffix: s(row.honorificSuffix),
    },
    displayName: s(row.displayName),
    nickName: s(row.nickName),
    profileUrl: s(row.profileUrl),
    title: s(row.title),
    userType: s(row.userType),
    preferredLanguage: s(row.preferredLanguage),
    locale: s(row.locale),
    timezone: s(row.timezone),
    enterprise: {
      employeeNumber: s(row.employeeNumber),
      costCenter: s(row.costCenter),
      organization: s(row.organization),
      division: s(row.division),
      department: s(row.department),
      managerId: s(row.managerId),
    },
    ...multi,
    custom,
    hasPassword: row.passwordHash !== null && row.passwordHash !== undefined,
    locked: lockedUntil !== null && lockedUntil > now,
    source: String(row.source),
    sourceConnection: s(row.sourceConnection),
    sourceSubject: s(row.sourceSubject),
    version: Number(row.version),
    createdAt: asDate(row.createdAt),
    updatedAt: asDate(row.updatedAt),
  };
}
