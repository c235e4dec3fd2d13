/**
 * Fixture users and groups, and tables of filters and sorts with the resources they must select, shared by
 * the SQLite unit tests (lib/identity/query/filter-sql.test.ts) and the PostgreSQL run (e2e/http/filter-sql.test.ts).
 */
import type { SqlExecutor, SqlParam } from "../../lib/db/sql.ts";
import { parseFilter } from "../../lib/scim/filter/parser.ts";
import { normaliseKey, PRIMARY_DOMAIN } from "../../lib/identity/qualified-name.ts";
import { compileFilter } from "../../lib/identity/query/compile-filter.ts";
import { compileSort, type SortOrder } from "../../lib/identity/query/compile-sort.ts";
import { CUSTOM_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, type CustomAttributeDef, type QueryResource } from "../../lib/identity/query/attribute-map.ts";

export const FIXTURE_SOURCE = "filter-fixture";
export const PARTNER_DOMAIN = "PARTNER";

export const FIXTURE_CUSTOM_ATTRIBUTES: CustomAttributeDef[] = [
  { name: "level", type: "integer", multiValued: false, caseExact: false },
  { name: "remote", type: "boolean", multiValued: false, caseExact: false },
  { name: "hired", type: "dateTime", multiValued: false, caseExact: false },
  { name: "team", type: "string", multiValued: false, caseExact: false },
  { name: "badge", type: "string", multiValued: false, caseExact: true },
  { name: "tags", type: "string", multiValued: true, caseExact: false },
];

const ENT = ENTERPRISE_USER_SCHEMA;
const CUS = CUSTOM_USER_SCHEMA;

interface FixtureValue {
  attribute: string;
  value?: string;
  type?: string;
  primary?: boolean;
  display?: string;
  data?: Record<string, string>;
  num?: number;
}

interface FixtureUser {
  id: string;
  store?: typeof PARTNER_DOMAIN;
  userName: string;
  created: string;
  updated: string;
  columns?: Record<string, string | boolean | null>;
  values?: FixtureValue[];
  groups?: string[];
}

interface FixtureGroup {
  id: string;
  store?: typeof PARTNER_DOMAIN;
  displayName: string;
  created: string;
  externalId?: string;
}

const custom = (name: string, value: string, num?: number): FixtureValue => ({ attribute: `custom:${name}`, value, ...(num !== undefined ? { num } : {}) });

const USERS: FixtureUser[] = [
  {
    id: "u-alice",
    userName: "Alice",
    created: "2024-01-01T10:00:00.000Z",
    updated: "2024-06-01T12:00:00.000Z",
    columns: {
      externalId: "EXT-Alice",
      formattedName: "Ms. Alice Smith",
      familyName: "Smith",
      givenName: "Alice",
      displayName: "Alice Smith",
      nickName: "Ally",
      profileUrl: "https://example.com/alice",
      title: "Senior Engineer",
      userType: "Employee",
      preferredLanguage: "en-US",
      locale: "en-US",
      timezone: "America/Los_Angeles",
      employeeNumber: "1001",
      costCenter: "CC-100",
      organization: "Acme",
      division: "R&D",
      department: "Engineering",
      managerId: "u-bob",
    },
    values: [
      { attribute: "emails", value: "alice@example.com", type: "work", primary: true },
      { attribute: "emails", value: "Alice.Home@Mail.ORG", type: "home" },
      { attribute: "phoneNumbers", value: "+1 555 0100", type: "work", primary: true },
      {
        attribute: "addresses",
        type: "work",
        primary: true,
        data: { formatted: "1 Main St, Springfield", streetAddress: "1 Main St", locality: "Springfield", region: "IL", postalCode: "62701", country: "US" },
      },
      { attribute: "entitlements", value: "Admin" },
      custom("level", "5", 5),
      custom("remote", "true"),
      custom("hired", "2020-01-15T09:00:00Z", Date.parse("2020-01-15T09:00:00Z")),
      custom("team", "Blue"),
      custom("badge", "AbC-1"),
      custom("tags", "Red"),
      custom("tags", "green"),
    ],
    groups: ["g-admins", "g-engineers"],
  },
  {
    id: "u-bob",
    userName: "bob",
    created: "2024-01-02T10:00:00.000Z",
    updated: "2025-01-01T00:00:00.000Z",
    columns: {
      externalId: "ext-bob",
      active: false,
      familyName: "Jones",
      givenName: "Bob",
      displayName: "Bob Jones",
      title: "",
      userType: "Contractor",
      department: "Sales",
      organization: "Acme",
    },
    values: [
      { attribute: "emails", value: "bob@Example.COM", type: "work" },
      { attribute: "emails", value: "bob@home.net", type: "home", primary: true },
      custom("level", "2", 2),
      custom("remote", "false"),
      custom("hired", "2018-05-01T00:00:00Z", Date.parse("2018-05-01T00:00:00Z")),
      custom("team", "red"),
      custom("tags", "blue"),
    ],
    groups: ["g-sales", "g-sales-eu"],
  },
  {
    id: "u-carol",
    userName: "Carol",
    created: "2024-01-03T10:00:00.000Z",
    updated: "2024-03-01T00:00:00.000Z",
    columns: { givenName: "Carol", title: "Manager", organization: "Globex" },
    values: [{ attribute: "addresses", type: "home", data: { locality: "Shelbyville", country: "DE" } }, custom("level", "10", 10), custom("team", "RED"), custom("badge", "abc-1")],
    groups: ["g-salesops"],
  },
  {
    id: "u-dave",
    userName: "dave_100%",
    created: "2024-01-04T10:00:00.000Z",
    updated: "2024-01-04T10:00:00.000Z",
    columns: { familyName: "Doe", givenName: "Dave", title: "Engineer", department: "Engineering", managerId: "u-alice" },
    values: [
      { attribute: "emails", value: "dave@example.com", type: "work" },
      { attribute: "emails", value: "d@other.org", type: "home" },
    ],
    groups: ["g-engineers"],
  },
  {
    id: "u-davex",
    userName: "daveX100Y",
    created: "2024-01-05T10:00:00.000Z",
    updated: "2024-07-01T00:00:00.000Z",
    columns: { familyName: "doe", givenName: "Davy" },
    values: [{ attribute: "emails", value: "eve@other.org", type: "work" }, { attribute: "emails", value: "eve@example.com", type: "home" }, custom("level", "7", 7)],
  },
  {
    id: "u-zed",
    userName: "Zed",
    created: "2024-01-06T10:00:00.000Z",
    updated: "2024-01-06T10:00:00.000Z",
    columns: { externalId: "ext-alice", familyName: "Adams", givenName: "Zed", displayName: "zed" },
    values: [{ attribute: "emails", value: "ZED@EXAMPLE.COM", type: "Work" }],
  },
  {
    id: "u-partner-alice",
    store: PARTNER_DOMAIN,
    userName: "alice",
    created: "2024-01-07T10:00:00.000Z",
    updated: "2024-01-07T10:00:00.000Z",
    columns: { familyName: "Partner", givenName: "Alice" },
    values: [{ attribute: "emails", value: "alice@partner.example", primary: true }],
    groups: ["g-partners"],
  },
];

const GROUPS: FixtureGroup[] = [
  { id: "g-admins", displayName: "Admins", created: "2024-02-01T10:00:00.000Z", externalId: "AD-1" },
  { id: "g-engineers", displayName: "Engineers", created: "2024-02-02T10:00:00.000Z" },
  { id: "g-sales", displayName: "Sales", created: "2024-02-03T10:00:00.000Z" },
  { id: "g-sales-eu", displayName: "Sales_EU%", created: "2024-02-04T10:00:00.000Z" },
  { id: "g-salesops", displayName: "SalesOps", created: "2024-02-05T10:00:00.000Z" },
  { id: "g-empty", displayName: "Empty", created: "2024-02-06T10:00:00.000Z" },
  { id: "g-partners", store: PARTNER_DOMAIN, displayName: "Partners", created: "2024-02-07T10:00:00.000Z" },
];

async function storeId(sql: SqlExecutor, domain: string, primary: boolean): Promise<string> {
  const found = await sql.get<{ id: string }>(`SELECT "id" FROM "UserStore" WHERE "domain" = ?`, [domain]);
  if (found) return found.id;
  const id = `store-${domain.toLowerCase()}`;
  const now = new Date();
  await sql.run(`INSERT INTO "UserStore" ("id", "domain", "description", "primary", "readOnly", "createdAt", "updatedAt") VALUES (?, ?, '', ?, ?, ?, ?)`, [id, domain, primary, false, now, now]);
  return id;
}

async function insert(sql: SqlExecutor, table: string, row: Record<string, SqlParam>): Promise<void> {
  const columns = Object.keys(row);
  await sql.run(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    columns.map((c) => row[c]!),
  );
}

/** Inserts the fixture stores, users (source FIXTURE_SOURCE), values, groups and memberships. */
export async function loadFilterFixtures(sql: SqlExecutor): Promise<void> {
  const stores = { [PRIMARY_DOMAIN]: await storeId(sql, PRIMARY_DOMAIN, true), [PARTNER_DOMAIN]: await storeId(sql, PARTNER_DOMAIN, false) };
  for (const user of USERS) {
    const columns = user.columns ?? {};
    const displayName = columns.displayName;
    await insert(sql, "User", {
      id: user.id,
      storeId: stores[user.store ?? PRIMARY_DOMAIN]!,
      userName: user.userName,
      userNameKey: normaliseKey(user.userName),
      active: true,
      source: FIXTURE_SOURCE,
      ...columns,
      displayNameKey: typeof displayName === "string" ? normaliseKey(displayName) : null,
      createdAt: new Date(user.created),
      updatedAt: new Date(user.updated),
    });
    const positions = new Map<string, number>();
    for (const [i, v] of (user.values ?? []).entries()) {
      const position = positions.get(v.attribute) ?? 0;
      positions.set(v.attribute, position + 1);
      await insert(sql, "UserValue", {
        id: `${user.id}-v${i}`,
        userId: user.id,
        attribute: v.attribute,
        position,
        type: v.type ?? null,
        primary: v.primary ?? false,
        value: v.value ?? null,
        valueKey: v.value !== undefined ? normaliseKey(v.value) : null,
        valueNum: v.num ?? null,
        display: v.display ?? null,
        data: v.data ? JSON.stringify(v.data) : null,
      });
    }
  }
  for (const group of GROUPS) {
    const created = new Date(group.created);
    await insert(sql, "Group", {
      id: group.id,
      storeId: stores[group.store ?? PRIMARY_DOMAIN]!,
      displayName: group.displayName,
      displayNameKey: normaliseKey(group.displayName),
      externalId: group.externalId ?? null,
      createdAt: created,
      updatedAt: created,
    });
  }
  for (const user of USERS) {
    for (const [i, groupId] of (user.groups ?? []).entries()) {
      await insert(sql, "GroupMember", { groupId, userId: user.id, createdAt: new Date(Date.parse(user.created) + i * 1000) });
    }
  }
}

const ALL_USERS = ["Alice", "bob", "Carol", "dave_100%", "daveX100Y", "Zed", "PARTNER/alice"];
const except = (...names: string[]) => ALL_USERS.filter((n) => !names.includes(n));

export interface FilterCase {
  filter: string;
  /** qualified names of the matching resources, in any order */
  expect: string[];
}

export const USER_FILTER_CASES: FilterCase[] = [
  // userName: case-insensitive (RFC 7643 §4.1.1) and domain-qualified outside PRIMARY
  { filter: `userName eq "alice"`, expect: ["Alice"] },
  { filter: `userName eq "ALICE"`, expect: ["Alice"] },
  { filter: `USERNAME eq "bob"`, expect: ["bob"] },
  { filter: `urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob"`, expect: ["bob"] },
  { filter: `userName eq "partner/ALICE"`, expect: ["PARTNER/alice"] },
  { filter: `userName ne "alice"`, expect: except("Alice") },
  { filter: `userName sw "DAVE"`, expect: ["dave_100%", "daveX100Y"] },
  { filter: `userName sw "partner/"`, expect: ["PARTNER/alice"] },
  { filter: `userName co "x100"`, expect: ["daveX100Y"] },
  // LIKE wildcards in the value are literal
  { filter: `userName co "_100%"`, expect: ["dave_100%"] },
  { filter: `userName ew "100%"`, expect: ["dave_100%"] },
  { filter: `userName co "_"`, expect: ["dave_100%"] },
  { filter: `emails co "%"`, expect: [] },
  { filter: `userName gt "carol"`, expect: ["dave_100%", "daveX100Y", "Zed", "PARTNER/alice"] },
  { filter: `userName ge "zed"`, expect: ["Zed"] },
  { filter: `userName lt "bob"`, expect: ["Alice"] },
  { filter: `userName le "BOB"`, expect: ["Alice", "bob"] },
  // caseExact attributes
  { filter: `externalId eq "EXT-Alice"`, expect: ["Alice"] },
  { filter: `externalId eq "ext-alice"`, expect: ["Zed"] },
  { filter: `externalId sw "ext-"`, expect: ["bob", "Zed"] },
  { filter: `id eq "u-bob"`, expect: ["bob"] },
  { filter: `id eq "U-BOB"`, expect: [] },
  // simple strings
  { filter: `displayName co "SMITH"`, expect: ["Alice"] },
  { filter: `displayName gt "b"`, expect: ["bob", "Zed"] },
  { filter: `title co "engineer"`, expect: ["Alice", "dave_100%"] },
  { filter: `title pr`, expect: ["Alice", "Carol", "dave_100%"] },
  { filter: `not (title pr)`, expect: except("Alice", "Carol", "dave_100%") },
  { filter: `title eq null`, expect: except("Alice", "Carol", "dave_100%") },
  { filter: `title ne "manager"`, expect: ["Alice", "bob", "dave_100%"] },
  { filter: `not (title eq "manager")`, expect: except("Carol") },
  { filter: `nickName ne null`, expect: ["Alice"] },
  { filter: `nickName eq null`, expect: except("Alice") },
  { filter: `active eq false`, expect: ["bob"] },
  { filter: `active ne false`, expect: except("bob") },
  // complex single-valued
  { filter: `name.familyName eq "doe"`, expect: ["dave_100%", "daveX100Y"] },
  { filter: `name.givenName sw "dav"`, expect: ["dave_100%", "daveX100Y"] },
  { filter: `active eq true and name.familyName pr`, expect: ["Alice", "dave_100%", "daveX100Y", "Zed", "PARTNER/alice"] },
  { filter: `name[givenName eq "bob" or familyName eq "adams"]`, expect: ["bob", "Zed"] },
  { filter: `name pr`, expect: ALL_USERS },
  // multi-valued
  { filter: `emails eq "BOB@example.com"`, expect: ["bob"] },
  { filter: `emails.value ew "@example.com"`, expect: ["Alice", "bob", "dave_100%", "daveX100Y", "Zed"] },
  { filter: `emails[type eq "work" and value co "@example.com"]`, expect: ["Alice", "bob", "dave_100%", "Zed"] },
  { filter: `emails.type eq "work" and emails.value co "@example.com"`, expect: ["Alice", "bob", "dave_100%", "daveX100Y", "Zed"] },
  { filter: `emails[primary eq true and value co "home"]`, expect: ["bob"] },
  { filter: `emails[not (type eq "work")]`, expect: ["Alice", "bob", "dave_100%", "daveX100Y", "PARTNER/alice"] },
  { filter: `emails pr`, expect: except("Carol") },
  { filter: `not (emails pr)`, expect: ["Carol"] },
  { filter: `emails.value eq null`, expect: ["Carol"] },
  { filter: `phoneNumbers[type eq "work" and value sw "+1"]`, expect: ["Alice"] },
  { filter: `addresses[locality eq "SPRINGFIELD"]`, expect: ["Alice"] },
  { filter: `addresses.country eq "de"`, expect: ["Carol"] },
  { filter: `addresses.postalCode sw "627"`, expect: ["Alice"] },
  { filter: `addresses pr`, expect: ["Alice", "Carol"] },
  { filter: `entitlements eq "admin"`, expect: ["Alice"] },
  { filter: `x509Certificates pr`, expect: [] },
  // enterprise extension
  { filter: `${ENT}:department eq "engineering"`, expect: ["Alice", "dave_100%"] },
  { filter: `${ENT}:manager.value eq "u-bob"`, expect: ["Alice"] },
  { filter: `${ENT}:manager eq "u-alice"`, expect: ["dave_100%"] },
  { filter: `${ENT}:manager pr`, expect: ["Alice", "dave_100%"] },
  { filter: `${ENT}:manager.displayName eq "bob jones"`, expect: ["Alice"] },
  { filter: `${ENT}:organization eq "acme" and not (${ENT}:department eq "sales")`, expect: ["Alice"] },
  // custom extension
  { filter: `${CUS}:team eq "RED"`, expect: ["bob", "Carol"] },
  { filter: `${CUS}:badge eq "AbC-1"`, expect: ["Alice"] },
  { filter: `${CUS}:badge eq "abc-1"`, expect: ["Carol"] },
  { filter: `${CUS}:level gt 5`, expect: ["Carol", "daveX100Y"] },
  { filter: `${CUS}:level le 5`, expect: ["Alice", "bob"] },
  { filter: `${CUS}:level eq 5`, expect: ["Alice"] },
  { filter: `${CUS}:remote eq true`, expect: ["Alice"] },
  { filter: `${CUS}:remote eq false`, expect: ["bob"] },
  { filter: `not (${CUS}:remote eq true)`, expect: except("Alice") },
  { filter: `${CUS}:hired lt "2019-01-01T00:00:00Z"`, expect: ["bob"] },
  { filter: `${CUS}:hired ge "2020-01-15T10:00:00+01:00"`, expect: ["Alice"] },
  { filter: `${CUS}:tags eq "GREEN"`, expect: ["Alice"] },
  { filter: `${CUS}:tags pr`, expect: ["Alice", "bob"] },
  // meta
  { filter: `meta.lastModified gt "2024-06-01T00:00:00Z"`, expect: ["Alice", "bob", "daveX100Y"] },
  { filter: `meta.created ge "2024-01-05"`, expect: ["daveX100Y", "Zed", "PARTNER/alice"] },
  { filter: `meta.created eq "2024-01-02T10:00:00Z"`, expect: ["bob"] },
  { filter: `meta.created eq "2024-01-02T11:00:00+01:00"`, expect: ["bob"] },
  { filter: `meta.lastModified lt "2024-06-01T12:00:00.0005Z"`, expect: ["Alice", "Carol", "dave_100%", "Zed", "PARTNER/alice"] },
  { filter: `meta.lastModified ge "2024-06-01T12:00:00.0005Z"`, expect: ["bob", "daveX100Y"] },
  { filter: `meta.resourceType eq "User"`, expect: ALL_USERS },
  { filter: `meta.resourceType eq "Group"`, expect: [] },
  // group membership
  { filter: `groups.value eq "g-engineers"`, expect: ["Alice", "dave_100%"] },
  { filter: `groups eq "g-admins"`, expect: ["Alice"] },
  { filter: `groups.display eq "sales"`, expect: ["bob"] },
  { filter: `groups.display eq "PARTNER/Partners"`, expect: ["PARTNER/alice"] },
  { filter: `groups[display sw "eng" or display eq "sales"]`, expect: ["Alice", "bob", "dave_100%"] },
  { filter: `not (groups pr)`, expect: ["daveX100Y", "Zed"] },
  // logic and precedence (RFC 7644 §3.4.2.2, Table 4: and binds tighter than or)
  { filter: `(userName sw "a" or userName sw "b") and active eq true`, expect: ["Alice"] },
  { filter: `active eq false or userName eq "carol" and title eq "x"`, expect: ["bob"] },
  { filter: `not (userName eq "alice" or userName eq "bob")`, expect: except("Alice", "bob") },
  { filter: `not (not (active eq false))`, expect: ["bob"] },
];

const ALL_GROUPS = ["Admins", "Engineers", "Sales", "Sales_EU%", "SalesOps", "Empty", "PARTNER/Partners"];

export const GROUP_FILTER_CASES: FilterCase[] = [
  { filter: `displayName sw "sal"`, expect: ["Sales", "Sales_EU%", "SalesOps"] },
  { filter: `displayName sw "sales_"`, expect: ["Sales_EU%"] },
  { filter: `displayName co "%"`, expect: ["Sales_EU%"] },
  { filter: `displayName ew "OPS"`, expect: ["SalesOps"] },
  { filter: `displayName eq "ADMINS"`, expect: ["Admins"] },
  { filter: `displayName eq "partner/PARTNERS"`, expect: ["PARTNER/Partners"] },
  { filter: `displayName eq "partners"`, expect: [] },
  { filter: `members.value eq "u-alice"`, expect: ["Admins", "Engineers"] },
  { filter: `members eq "u-bob"`, expect: ["Sales", "Sales_EU%"] },
  { filter: `members.display eq "DAVE_100%"`, expect: ["Engineers"] },
  { filter: `members.display sw "dave"`, expect: ["Engineers"] },
  { filter: `members[display eq "partner/alice"]`, expect: ["PARTNER/Partners"] },
  { filter: `members[value eq "u-alice" and display eq "alice"]`, expect: ["Admins", "Engineers"] },
  { filter: `members pr`, expect: ALL_GROUPS.filter((g) => g !== "Empty") },
  { filter: `not (members pr)`, expect: ["Empty"] },
  { filter: `externalId eq "AD-1"`, expect: ["Admins"] },
  { filter: `externalId eq "ad-1"`, expect: [] },
  { filter: `meta.resourceType eq "Group"`, expect: ALL_GROUPS },
  { filter: `meta.created gt "2024-02-05T00:00:00Z"`, expect: ["SalesOps", "Empty", "PARTNER/Partners"] },
  { filter: `urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "sales"`, expect: ["Sales"] },
];

export interface SortCase {
  resource: QueryResource;
  sortBy?: string;
  sortOrder?: SortOrder;
  /** qualified names in the expected order */
  expect: string[];
}

export const SORT_CASES: SortCase[] = [
  { resource: "User", expect: ALL_USERS },
  { resource: "User", sortBy: "userName", expect: ["Alice", "PARTNER/alice", "bob", "Carol", "dave_100%", "daveX100Y", "Zed"] },
  { resource: "User", sortBy: "userName", sortOrder: "descending", expect: ["Zed", "daveX100Y", "dave_100%", "Carol", "bob", "PARTNER/alice", "Alice"] },
  { resource: "User", sortBy: "emails.value", expect: ["Alice", "PARTNER/alice", "bob", "dave_100%", "daveX100Y", "Zed", "Carol"] },
  { resource: "User", sortBy: "emails", sortOrder: "descending", expect: ["Carol", "Zed", "daveX100Y", "dave_100%", "bob", "PARTNER/alice", "Alice"] },
  { resource: "User", sortBy: "name.familyName", expect: ["Zed", "dave_100%", "daveX100Y", "bob", "PARTNER/alice", "Alice", "Carol"] },
  { resource: "User", sortBy: "name.familyName", sortOrder: "descending", expect: ["Carol", "Alice", "PARTNER/alice", "bob", "daveX100Y", "dave_100%", "Zed"] },
  { resource: "User", sortBy: "meta.lastModified", sortOrder: "descending", expect: ["bob", "daveX100Y", "Alice", "Carol", "PARTNER/alice", "Zed", "dave_100%"] },
  { resource: "User", sortBy: `${CUS}:level`, sortOrder: "descending", expect: ["Zed", "PARTNER/alice", "dave_100%", "Carol", "daveX100Y", "Alice", "bob"] },
  { resource: "User", sortBy: "externalId", expect: ["Alice", "Zed", "bob", "Carol", "dave_100%", "daveX100Y", "PARTNER/alice"] },
  { resource: "User", sortBy: "active", expect: ["bob", "Alice", "Carol", "dave_100%", "daveX100Y", "PARTNER/alice", "Zed"] },
  { resource: "Group", sortBy: "displayName", expect: ["Admins", "Empty", "Engineers", "PARTNER/Partners", "Sales", "Sales_EU%", "SalesOps"] },
  { resource: "Group", sortBy: "displayName", sortOrder: "descending", expect: ["SalesOps", "Sales_EU%", "Sales", "PARTNER/Partners", "Engineers", "Empty", "Admins"] },
];

const qualified = (alias: string, column: string) => `CASE WHEN st."domain" = '${PRIMARY_DOMAIN}' THEN ${alias}."${column}" ELSE st."domain" || '/' || ${alias}."${column}" END`;

/**
 * Runs a filter and a sort the way the SCIM list endpoints do: the compiled fragment ANDed with the
 * caller's own restrictions, parameters in text order. Returns qualified names.
 */
export async function queryFixtures(sql: SqlExecutor, resource: QueryResource, options: { filter?: string; sortBy?: string; sortOrder?: SortOrder }): Promise<string[]> {
  const ctx = { dialect: sql.dialect, resource, customAttributes: FIXTURE_CUSTOM_ATTRIBUTES };
  const where = options.filter !== undefined ? compileFilter(parseFilter(options.filter), ctx) : { sql: "1 = 1", params: [] };
  const sort = compileSort(options.sortBy, options.sortOrder, ctx);
  const text =
    resource === "User"
      ? `SELECT ${qualified("u", "userName")} AS "name" FROM "User" u JOIN "UserStore" st ON st."id" = u."storeId" WHERE u."source" = ? AND (${where.sql}) ORDER BY ${sort.orderBy}`
      : `SELECT ${qualified("g", "displayName")} AS "name" FROM "Group" g JOIN "UserStore" st ON st."id" = g."storeId" WHERE (${where.sql}) ORDER BY ${sort.orderBy}`;
  const params = [...(resource === "User" ? [FIXTURE_SOURCE] : []), ...where.params, ...sort.params];
  const rows = await sql.all<{ name: string }>(text, params);
  return rows.map((r) => r.name);
}

/**
 * Pages through a sort with keyset cursors built only from compileSort's keyExpr, keyParams and tieBreaker,
 * the way a cursor-paging caller would. NULL keys sort as the greatest value.
 */
export async function pageThroughFixtures(sql: SqlExecutor, resource: QueryResource, options: { sortBy?: string; sortOrder?: SortOrder }, pageSize: number): Promise<string[]> {
  const ctx = { dialect: sql.dialect, resource, customAttributes: FIXTURE_CUSTOM_ATTRIBUTES };
  const sort = compileSort(options.sortBy, options.sortOrder, ctx);
  const { keyExpr: k, keyParams: kp, tieBreaker: id, descending } = sort;
  const alias = resource === "User" ? "u" : "g";
  const table = resource === "User" ? `"User" u` : `"Group" g`;
  const column = resource === "User" ? "userName" : "displayName";
  const restriction = resource === "User" ? { sql: `u."source" = ?`, params: [FIXTURE_SOURCE] as SqlParam[] } : { sql: "1 = 1", params: [] as SqlParam[] };
  const cmp = descending ? "<" : ">";
  const names: string[] = [];
  let cursor: { key: SqlParam; id: string } | undefined;
  for (;;) {
    let after = { sql: "1 = 1", params: [] as SqlParam[] };
    if (cursor && cursor.key === null) {
      after = descending ? { sql: `(${k} IS NOT NULL OR ${id} < ?)`, params: [...kp, cursor.id] } : { sql: `(${k} IS NULL AND ${id} > ?)`, params: [...kp, cursor.id] };
    } else if (cursor) {
      const orNull = sort.keyNullable && !descending ? ` OR ${k} IS NULL` : "";
      after = {
        sql: `(${k} ${cmp} ? OR (${k} = ? AND ${id} ${cmp} ?)${orNull})`,
        params: [...kp, cursor.key, ...kp, cursor.key, cursor.id, ...(orNull ? kp : [])],
      };
    }
    const rows = await sql.all<{ name: string; k: SqlParam; id: string }>(
      `SELECT ${qualified(alias, column)} AS "name", ${k} AS "k", ${alias}."id" AS "id" FROM ${table} JOIN "UserStore" st ON st."id" = ${alias}."storeId" ` +
        `WHERE ${restriction.sql} AND ${after.sql} ORDER BY ${sort.orderBy} LIMIT ?`,
      [...kp, ...restriction.params, ...after.params, ...sort.params, pageSize],
    );
    names.push(...rows.map((r) => r.name));
    if (rows.length < pageSize) return names;
    const last = rows[rows.length - 1]!;
    cursor = { key: last.k, id: last.id };
  }
}
