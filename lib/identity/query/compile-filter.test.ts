import { describe, expect, it } from "vitest";
import { parseFilter } from "../../scim/filter/parser.ts";
import { ScimError } from "../../scim/errors.ts";
import type { Dialect, SqlParam } from "../../db/sql.ts";
import { toPostgresPlaceholders } from "../../db/postgres-placeholders.ts";
import { compileFilter, likePattern, parseDateTime } from "./compile-filter.ts";
import type { QueryResource } from "./attribute-map.ts";
import { FIXTURE_CUSTOM_ATTRIBUTES, GROUP_FILTER_CASES, USER_FILTER_CASES } from "../../../test/support/filter-fixtures.ts";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CUS = "urn:scim:schemas:extension:custom:User";

function compile(filter: string, dialect: Dialect = "sqlite", resource: QueryResource = "User") {
  return compileFilter(parseFilter(filter), { dialect, resource, customAttributes: FIXTURE_CUSTOM_ATTRIBUTES });
}

const uv = (inner: string) => `EXISTS (SELECT 1 FROM "UserValue" v WHERE v."userId" = u."id" AND v."attribute" = ? AND ${inner})`;
const inStore = (alias: string) => `${alias}."storeId" = (SELECT s."id" FROM "UserStore" s WHERE s."domain" = ?)`;
const qualifiedKey = (alias: string, key: string) =>
  `(SELECT CASE WHEN s."domain" = 'PRIMARY' THEN ${alias}."${key}" ELSE LOWER(s."domain") || '/' || ${alias}."${key}" END FROM "UserStore" s WHERE s."id" = ${alias}."storeId")`;
const userNameEq = `(${inStore("u")} AND u."userNameKey" = ?)`;

interface ShapeCase {
  filter: string;
  resource?: QueryResource;
  sql: string;
  /** when PostgreSQL's text differs */
  pgSql?: string;
  params: SqlParam[];
  pgParams?: SqlParam[];
}

const SHAPES: ShapeCase[] = [
  { filter: `userName eq "Bob"`, sql: userNameEq, params: ["PRIMARY", "bob"] },
  {
    filter: `userName eq "Sales/Kim"`,
    sql: `((${inStore("u")} AND u."userNameKey" = ?) OR ${userNameEq})`,
    params: ["SALES", "kim", "PRIMARY", "sales/kim"],
  },
  { filter: `userName ne "bob"`, sql: `NOT ${userNameEq}`, params: ["PRIMARY", "bob"] },
  { filter: `userName sw "A_%"`, sql: `${qualifiedKey("u", "userNameKey")} LIKE ? ESCAPE '\\'`, params: ["a\\_\\%%"] },
  {
    filter: `userName gt "M"`,
    sql: `${qualifiedKey("u", "userNameKey")} > ?`,
    pgSql: `${qualifiedKey("u", "userNameKey")} COLLATE "C" > ?`,
    params: ["m"],
  },
  { filter: `id eq "ABC"`, sql: `u."id" = ?`, params: ["ABC"] },
  { filter: `externalId eq "X"`, sql: `(u."externalId" IS NOT NULL AND u."externalId" = ?)`, params: ["X"] },
  { filter: `displayName co "Ann"`, sql: `(u."displayNameKey" IS NOT NULL AND u."displayNameKey" LIKE ? ESCAPE '\\')`, params: ["%ann%"] },
  { filter: `title ew "LEAD"`, sql: `(u."title" IS NOT NULL AND LOWER(u."title") LIKE LOWER(?) ESCAPE '\\')`, params: ["%LEAD"] },
  {
    filter: `title lt "m"`,
    sql: `(u."title" IS NOT NULL AND LOWER(u."title") < LOWER(?))`,
    pgSql: `(u."title" IS NOT NULL AND LOWER(u."title") COLLATE "C" < LOWER(?))`,
    params: ["m"],
  },
  { filter: `not (title eq "x")`, sql: `NOT (u."title" IS NOT NULL AND LOWER(u."title") = LOWER(?))`, params: ["x"] },
  { filter: `title pr`, sql: `(u."title" IS NOT NULL AND u."title" <> '')`, params: [] },
  { filter: `title eq null`, sql: `NOT (u."title" IS NOT NULL AND u."title" <> '')`, params: [] },
  { filter: `active eq true`, sql: `u."active" = ?`, params: [true] },
  {
    filter: `meta.lastModified gt "2024-01-01T02:00:00+02:00"`,
    sql: `u."updatedAt" > ?`,
    params: ["2024-01-01T00:00:00.000+00:00"],
    pgParams: ["2024-01-01T00:00:00.000"],
  },
  { filter: `meta.created eq "2024-01-01T00:00:00.0001Z"`, sql: `(1 = 0)`, params: [] },
  {
    filter: `meta.created ge "2024-01-01T00:00:00.0001Z"`,
    sql: `u."createdAt" > ?`,
    params: ["2024-01-01T00:00:00.000+00:00"],
    pgParams: ["2024-01-01T00:00:00.000"],
  },
  { filter: `meta.resourceType eq "user"`, sql: `(1 = 1)`, params: [] },
  {
    filter: `emails[type eq "work" and value co "@Example.com"]`,
    sql: uv(`((v."type" IS NOT NULL AND LOWER(v."type") = LOWER(?)) AND (v."valueKey" IS NOT NULL AND v."valueKey" LIKE ? ESCAPE '\\'))`),
    params: ["emails", "work", "%@example.com%"],
  },
  { filter: `emails.value eq "X@Y"`, sql: uv(`(v."valueKey" IS NOT NULL AND v."valueKey" = ?)`), params: ["emails", "x@y"] },
  { filter: `EMAILS eq "X@Y"`, sql: uv(`(v."valueKey" IS NOT NULL AND v."valueKey" = ?)`), params: ["emails", "x@y"] },
  { filter: `emails pr`, sql: `EXISTS (SELECT 1 FROM "UserValue" v WHERE v."userId" = u."id" AND v."attribute" = ?)`, params: ["emails"] },
  { filter: `emails[primary eq true]`, sql: uv(`(v."primary" = ?)`), params: ["emails", true] },
  {
    filter: `addresses.locality eq "Paris"`,
    sql: uv(`(json_extract(v."data", '$.locality') IS NOT NULL AND LOWER(json_extract(v."data", '$.locality')) = LOWER(?))`),
    pgSql: uv(`((v."data"::jsonb ->> 'locality') IS NOT NULL AND LOWER((v."data"::jsonb ->> 'locality')) = LOWER(?))`),
    params: ["addresses", "Paris"],
  },
  { filter: `x509Certificates.value eq "MIIDQz"`, sql: uv(`(v."value" IS NOT NULL AND v."value" = ?)`), params: ["x509Certificates", "MIIDQz"] },
  { filter: `groups.value eq "g1"`, sql: `EXISTS (SELECT 1 FROM "GroupMember" gm WHERE gm."userId" = u."id" AND (gm."groupId" = ?))`, params: ["g1"] },
  {
    filter: `groups.display eq "Admins"`,
    sql: `EXISTS (SELECT 1 FROM "GroupMember" gm JOIN "Group" gg ON gg."id" = gm."groupId" WHERE gm."userId" = u."id" AND (${inStore("gg")} AND gg."displayNameKey" = ?))`,
    params: ["PRIMARY", "admins"],
  },
  { filter: `${ENT}:manager eq "m1"`, sql: `(u."managerId" IS NOT NULL AND u."managerId" = ?)`, params: ["m1"] },
  { filter: `${ENT}:Department sw "Eng"`, sql: `(u."department" IS NOT NULL AND LOWER(u."department") LIKE LOWER(?) ESCAPE '\\')`, params: ["Eng%"] },
  { filter: `${CUS}:level gt 5`, sql: uv(`(v."valueNum" IS NOT NULL AND v."valueNum" > ?)`), params: ["custom:level", 5] },
  { filter: `${CUS}:remote eq true`, sql: uv(`(v."value" IS NOT NULL AND v."value" = ?)`), params: ["custom:remote", "true"] },
  { filter: `${CUS}:hired lt "2020-01-01T00:00:00Z"`, sql: uv(`(v."valueNum" IS NOT NULL AND v."valueNum" < ?)`), params: ["custom:hired", 1577836800000] },
  { filter: `${CUS}:team eq "Blue"`, sql: uv(`(v."valueKey" IS NOT NULL AND v."valueKey" = ?)`), params: ["custom:team", "blue"] },
  { filter: `${CUS}:badge eq "AbC"`, sql: uv(`(v."value" IS NOT NULL AND v."value" = ?)`), params: ["custom:badge", "AbC"] },
  {
    filter: `userName eq "a" or not (active eq true) and emails pr`,
    sql: `(${userNameEq} OR (NOT (u."active" = ?) AND EXISTS (SELECT 1 FROM "UserValue" v WHERE v."userId" = u."id" AND v."attribute" = ?)))`,
    params: ["PRIMARY", "a", true, "emails"],
  },
  {
    filter: `displayName eq "Admins"`,
    resource: "Group",
    sql: `(${inStore("g")} AND g."displayNameKey" = ?)`,
    params: ["PRIMARY", "admins"],
  },
  {
    filter: `members[value eq "u1" or display sw "a"]`,
    resource: "Group",
    sql: `EXISTS (SELECT 1 FROM "GroupMember" m JOIN "User" mu ON mu."id" = m."userId" WHERE m."groupId" = g."id" AND (m."userId" = ? OR ${qualifiedKey("mu", "userNameKey")} LIKE ? ESCAPE '\\'))`,
    params: ["u1", "a%"],
  },
  { filter: `members pr`, resource: "Group", sql: `EXISTS (SELECT 1 FROM "GroupMember" m WHERE m."groupId" = g."id")`, params: [] },
];

describe("compileFilter SQL", () => {
  for (const dialect of ["sqlite", "postgres"] as const) {
    it.each(SHAPES)(`${dialect}: $filter`, (c) => {
      const compiled = compile(c.filter, dialect, c.resource ?? "User");
      expect(compiled.sql).toBe(dialect === "postgres" ? (c.pgSql ?? c.sql) : c.sql);
      expect(compiled.params).toEqual(dialect === "postgres" ? (c.pgParams ?? c.params) : c.params);
    });
  }

  it("keeps every filter value out of the SQL text", () => {
    const hostile = "x' OR 1=1; DROP TABLE Users; --";
    for (const filter of [`userName eq "${hostile}"`, `title co "${hostile}"`, `emails[value sw "${hostile}"]`, `${CUS}:team gt "${hostile}"`]) {
      const { sql, params } = compile(filter);
      expect(sql).not.toMatch(/DROP|1=1/);
      expect(JSON.stringify(params).toLowerCase()).toContain("drop table users");
    }
  });

  it("emits exactly one parameter per placeholder for every fixture filter", () => {
    const cases = [...USER_FILTER_CASES.map((c) => ["User", c.filter] as const), ...GROUP_FILTER_CASES.map((c) => ["Group", c.filter] as const)];
    for (const dialect of ["sqlite", "postgres"] as const) {
      for (const [resource, filter] of cases) {
        const { sql, params } = compile(filter, dialect, resource);
        const placeholders = toPostgresPlaceholders(sql).match(/\$\d+/g) ?? [];
        expect(placeholders.length, `${dialect} ${filter}`).toBe(params.length);
      }
    }
  });
});

describe("compileFilter errors", () => {
  const ERRORS: { filter: string; resource?: QueryResource; message: RegExp }[] = [
    { filter: `members.value eq "x"`, message: /members is an attribute of Group resources/ },
    { filter: `userName eq "x"`, resource: "Group", message: /userName is an attribute of User resources/ },
    { filter: `emails pr`, resource: "Group", message: /emails is an attribute of User resources/ },
    { filter: `foo eq "x"`, message: /unknown attribute "foo" for User resources/ },
    { filter: `department eq "x"`, message: /enterprise extension: write it as urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:department/ },
    { filter: `${ENT}:foo eq "x"`, message: /enterprise extension has no attribute foo/ },
    { filter: `urn:example:other:2.0:User:userName eq "x"`, message: /unknown schema "urn:example:other:2\.0:User"/ },
    { filter: `urn:ietf:params:scim:schemas:core:2.0:Group:userName eq "x"`, message: /unknown schema/ },
    { filter: `level eq 5`, message: /custom extension: write it as urn:scim:schemas:extension:custom:User:level/ },
    { filter: `${CUS}:nope eq 1`, message: /custom extension defines no attribute nope/ },
    { filter: `name eq "x"`, message: /name is a complex attribute: compare one of its sub-attributes, such as name\.formatted/ },
    { filter: `addresses eq "x"`, message: /addresses is a complex attribute/ },
    { filter: `emails.foo eq "x"`, message: /unknown sub-attribute "foo" of emails/ },
    { filter: `emails[foo eq "x"]`, message: /unknown sub-attribute "foo" of emails/ },
    { filter: `title.foo eq "x"`, message: /title has no sub-attributes/ },
    { filter: `userName[value eq "x"]`, message: /userName is not a complex attribute/ },
    { filter: `active co "t"`, message: /active is a boolean: operator co cannot be applied/ },
    { filter: `active eq "true"`, message: /active is a boolean: compare it with true or false/ },
    { filter: `active gt true`, message: /cannot compare with true/ },
    { filter: `emails.primary ge false`, message: /cannot compare with false/ },
    { filter: `${CUS}:remote lt "x"`, message: /is a boolean: operator lt cannot be applied/ },
    { filter: `meta.created gt "yesterday"`, message: /meta\.created is a dateTime: "yesterday" is not an xsd:dateTime/ },
    { filter: `meta.created gt "2024-02-30T00:00:00Z"`, message: /is not an xsd:dateTime/ },
    { filter: `meta.created gt 1700000000`, message: /is not an xsd:dateTime/ },
    { filter: `meta.created sw "2024"`, message: /operator sw applies to strings only/ },
    { filter: `${CUS}:hired eq "soon"`, message: /is not an xsd:dateTime/ },
    { filter: `${CUS}:level co "5"`, message: /is a number: operator co applies to strings only/ },
    { filter: `${CUS}:level eq "5"`, message: /is a number: compare it with a number/ },
    { filter: `userName eq 5`, message: /userName is a string attribute: "eq" needs a string value, not 5/ },
    { filter: `title eq true`, message: /title is a string attribute/ },
    { filter: `x509Certificates.value gt "a"`, message: /x509Certificates\.value is binary: operator gt cannot be applied/ },
    { filter: `password eq "secret"`, message: /password cannot be used in a filter/ },
    { filter: `meta.location eq "x"`, message: /meta\.location cannot be used here/ },
    { filter: `groups.$ref eq "x"`, message: /groups\.\$ref cannot be used here/ },
    { filter: `members.$ref pr`, resource: "Group", message: /members\.\$ref cannot be used here/ },
  ];

  it.each(ERRORS)("$filter", ({ filter, resource, message }) => {
    let error: unknown;
    try {
      compile(filter, "sqlite", resource ?? "User");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).scimType).toBe("invalidFilter");
    expect((error as ScimError).detail).toMatch(message);
  });

  it("refuses custom attributes of a type it cannot compare", () => {
    const ctx = { dialect: "sqlite" as const, resource: "User" as const, customAttributes: [{ name: "blob", type: "complex", multiValued: false, caseExact: false }] };
    expect(() => compileFilter(parseFilter(`${CUS}:blob pr`), ctx)).toThrow(/has type "complex"/);
  });

  it("knows no custom attributes unless the caller passes them", () => {
    expect(() => compileFilter(parseFilter(`${CUS}:level gt 1`), { dialect: "sqlite", resource: "User" })).toThrow(/defines no attribute level/);
  });
});

describe("parseDateTime", () => {
  it.each([
    ["2024-01-31T12:00:00Z", Date.UTC(2024, 0, 31, 12), true],
    ["2024-01-31t12:00:00z", Date.UTC(2024, 0, 31, 12), true],
    ["2024-01-31T12:00:00.5+02:00", Date.UTC(2024, 0, 31, 10, 0, 0, 500), true],
    ["2024-01-31T12:00:00.123000Z", Date.UTC(2024, 0, 31, 12, 0, 0, 123), true],
    ["2024-01-31T12:00:00.1234Z", Date.UTC(2024, 0, 31, 12, 0, 0, 123), false],
    ["2024-01-31", Date.UTC(2024, 0, 31), true],
  ] as const)("%s", (text, ms, exact) => {
    expect(parseDateTime(text)).toEqual({ ms, exact });
  });

  it("keeps two-digit years as written", () => {
    expect(new Date(parseDateTime("0099-01-01T00:00:00Z")!.ms).getUTCFullYear()).toBe(99);
  });

  it.each(["2024-02-30", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00+15:00", "yesterday", "2024-1-1"])("rejects %s", (text) =>
    expect(parseDateTime(text)).toBeUndefined(),
  );
});

describe("likePattern", () => {
  it("escapes the LIKE wildcards and the escape character itself", () => {
    expect(likePattern("co", "50%_off\\")).toBe("%50\\%\\_off\\\\%");
    expect(likePattern("sw", "a")).toBe("a%");
    expect(likePattern("ew", "a")).toBe("%a");
  });
});
