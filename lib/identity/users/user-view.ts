import type { MultiValue, MultiValuedAttribute } from "./user-input.ts";
import { MULTI_VALUED } from "./user-input.ts";
import { qualifyName } from "../qualified-name.ts";

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
  x509Certificates: MultiValue[];
  hasPassword: boolean;
  locked: boolean;
  source: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const userRowInclude = {
  store: { select: { domain: true } },
  values: { orderBy: [{ attribute: "asc" as const }, { position: "asc" as const }] },
};

interface UserValueRow {
  attribute: string;
  type: string | null;
  primary: boolean;
  value: string | null;
  display: string | null;
  data: string | null;
}

interface UserRow {
  id: string;
  userName: string;
  store: { domain: string };
  externalId: string | null;
  active: boolean;
  formattedName: string | null;
  familyName: string | null;
  givenName: string | null;
  middleName: string | null;
  honorificPrefix: string | null;
  honorificSuffix: string | null;
  displayName: string | null;
  nickName: string | null;
  profileUrl: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  managerId: string | null;
  passwordHash: string | null;
  lockedUntil: Date | null;
  source: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  values: UserValueRow[];
}

function toMultiValue(row: UserValueRow): MultiValue {
  const extra = row.data ? (JSON.parse(row.data) as Record<string, string | number | boolean | null>) : {};
  const v: MultiValue = { ...extra };
  if (row.value !== null) v.value = row.value;
  if (row.type !== null) v.type = row.type;
  if (row.display !== null) v.display = row.display;
  if (row.primary) v.primary = true;
  return v;
}

export function toUserView(row: UserRow, now = new Date()): UserView {
  const multi = Object.fromEntries(MULTI_VALUED.map((a) => [a, [] as MultiValue[]])) as Record<MultiValuedAttribute, MultiValue[]>;
  for (const value of row.values) {
    if ((MULTI_VALUED as readonly string[]).includes(value.attribute)) multi[value.attribute as MultiValuedAttribute].push(toMultiValue(value));
  }
  return {
    id: row.id,
    userName: qualifyName(row.store.domain, row.userName),
    domain: row.store.domain,
    externalId: row.externalId,
    active: row.active,
    name: {
      formatted: row.formattedName,
      familyName: row.familyName,
      givenName: row.givenName,
      middleName: row.middleName,
      honorificPrefix: row.honorificPrefix,
      honorificSuffix: row.honorificSuffix,
    },
    displayName: row.displayName,
    nickName: row.nickName,
    profileUrl: row.profileUrl,
    title: row.title,
    userType: row.userType,
    preferredLanguage: row.preferredLanguage,
    locale: row.locale,
    timezone: row.timezone,
    enterprise: {
      employeeNumber: row.employeeNumber,
      costCenter: row.costCenter,
      organization: row.organization,
      division: row.division,
      department: row.department,
      managerId: row.managerId,
    },
    ...multi,
    hasPassword: row.passwordHash !== null,
    locked: row.lockedUntil !== null && row.lockedUntil > now,
    source: row.source,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
