import type { AttrPath } from "../../scim/filter/ast.ts";
import type { Dialect, SqlParam } from "../../db/sql.ts";
import { PRIMARY_DOMAIN } from "../qualified-name.ts";

export const CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const CORE_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const CUSTOM_USER_SCHEMA = "urn:scim:schemas:extension:custom:User";

export type QueryResource = "User" | "Group";

/** Alias of the outer table every compiled fragment refers to: `FROM "User" u` / `FROM "Group" g`. */
export const OUTER_ALIAS: Readonly<Record<QueryResource, string>> = { User: "u", Group: "g" };

/** An attribute of the custom User extension, as defined in "SchemaAttribute". */
export interface CustomAttributeDef {
  readonly name: string;
  /** RFC 7643 §2.3 type: string, boolean, integer, decimal, dateTime, reference, binary */
  readonly type: string;
  readonly multiValued: boolean;
  readonly caseExact: boolean;
}

export interface QueryContext {
  readonly dialect: Dialect;
  readonly resource: QueryResource;
  readonly customAttributes?: readonly CustomAttributeDef[];
}

export type ValueType = "string" | "reference" | "binary" | "boolean" | "integer" | "decimal" | "dateTime";

/** A simple value stored in a column (or an expression over columns) of the attribute's scope. */
export interface ColumnLeaf {
  readonly kind: "column";
  /** the SCIM path, for messages */
  readonly name: string;
  readonly type: ValueType;
  readonly caseExact: boolean;
  readonly expr: string;
  /** normaliseKey() of the value, stored; case-insensitive matching uses it instead of LOWER() */
  readonly keyExpr?: string;
  readonly nullable: boolean;
  /**
   * Custom extension values live in text and number columns of "UserValue": booleans as 'true'/'false',
   * dateTimes as epoch milliseconds in "valueNum".
   */
  readonly encoding?: "textBoolean" | "epochMillis";
  /** needs the scope's JOIN */
  readonly join?: boolean;
}

/**
 * userName and Group displayName: the SCIM value is "DOMAIN/name" outside the PRIMARY store
 * (see qualifyName), while the row holds the bare name and its key.
 */
export interface QualifiedNameLeaf {
  readonly kind: "qualifiedName";
  readonly name: string;
  readonly alias: string;
  readonly keyColumn: string;
  readonly join?: boolean;
}

/** A value the same for every row, such as meta.resourceType. */
export interface ConstantLeaf {
  readonly kind: "constant";
  readonly name: string;
  readonly value: string;
}

/** An attribute that exists in the schema but that no stored column can answer for. */
export interface UnsupportedLeaf {
  readonly kind: "unsupported";
  readonly name: string;
  readonly reason: string;
}

export type Leaf = ColumnLeaf | QualifiedNameLeaf | ConstantLeaf | UnsupportedLeaf;

/**
 * Where an attribute's values live: on the outer row, or in rows of another table correlated with it,
 * which turn every test into EXISTS (RFC 7644 §3.4.2.2: a multi-valued attribute matches if any value does).
 */
export type Scope =
  | { readonly kind: "row" }
  | {
      readonly kind: "exists";
      readonly from: string;
      /** JOIN only some sub-attributes need */
      readonly join?: string;
      /** correlation with the outer row */
      readonly where: string;
      readonly params: readonly SqlParam[];
      /** orders the elements so the first is the primary one, else the first listed (RFC 7644 §3.4.2.3) */
      readonly firstOrder: string;
    };

export interface MappedAttribute {
  /** canonical name, for messages */
  readonly name: string;
  readonly scope: Scope;
  /** lower-cased sub-attribute name -> leaf, for complex attributes */
  readonly subs?: ReadonlyMap<string, Leaf>;
  /**
   * What the attribute stands for without a sub-attribute: a simple attribute's own value, or the "value"
   * sub-attribute of a complex one (RFC 7644 §3.4.2.2 uses `emails co "example.com"`).
   */
  readonly value?: Leaf;
  /** set when the attribute must never appear in a filter or sortBy */
  readonly refused?: string;
}

export interface ResolvedPath {
  readonly attribute: MappedAttribute;
  /** the leaf the path names: its sub-attribute, or the attribute's implied value */
  readonly leaf?: Leaf;
  readonly subAttribute: boolean;
}

const ROW: Scope = { kind: "row" };

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const col = (alias: string, column: string) => `${alias}."${column}"`;

interface TextOptions {
  key?: string;
  caseExact?: boolean;
  nullable?: boolean;
  type?: "string" | "reference" | "binary";
  join?: boolean;
}

function text(name: string, expr: string, o: TextOptions = {}): ColumnLeaf {
  return {
    kind: "column",
    name,
    type: o.type ?? "string",
    caseExact: o.caseExact ?? false,
    expr,
    ...(o.key !== undefined ? { keyExpr: o.key } : {}),
    nullable: o.nullable ?? true,
    ...(o.join ? { join: true } : {}),
  };
}

function typed(name: string, expr: string, type: "boolean" | "dateTime", nullable: boolean): ColumnLeaf {
  return { kind: "column", name, type, caseExact: false, expr, nullable };
}

function subs(entries: readonly Leaf[], prefix: string): ReadonlyMap<string, Leaf> {
  return new Map(entries.map((leaf) => [leaf.name.slice(prefix.length + 1).toLowerCase(), leaf]));
}

function complex(name: string, scope: Scope, leaves: readonly Leaf[], implied?: string): MappedAttribute {
  const map = subs(leaves, name);
  const value = implied !== undefined ? map.get(implied) : undefined;
  return { name, scope, subs: map, ...(value ? { value } : {}) };
}

function simple(leaf: Leaf, scope: Scope = ROW): MappedAttribute {
  return { name: leaf.name, scope, value: leaf };
}

/** The qualified name, lower-cased as the keys are, for operators other than eq and ne. */
export function qualifiedKeyExpr(alias: string, keyColumn: string): string {
  const key = col(alias, keyColumn);
  return `(SELECT CASE WHEN s."domain" = ${sqlString(PRIMARY_DOMAIN)} THEN ${key} ` + `ELSE LOWER(s."domain") || '/' || ${key} END FROM "UserStore" s WHERE s."id" = ${col(alias, "storeId")})`;
}

function jsonText(dialect: Dialect, column: string, key: string): string {
  // Keys come from this module's constant lists, never from the request.
  return dialect === "sqlite" ? `json_extract(${column}, '$.${key}')` : `(${column}::jsonb ->> '${key}')`;
}

const USER_VALUE_FROM = `"UserValue" v`;
const USER_VALUE_WHERE = `v."userId" = u."id" AND v."attribute" = ?`;
const USER_VALUE_ORDER = `v."primary" DESC, v."position" ASC`;

function userValueScope(attribute: string): Scope {
  return { kind: "exists", from: USER_VALUE_FROM, where: USER_VALUE_WHERE, params: [attribute], firstOrder: USER_VALUE_ORDER };
}

interface MultiValuedSpec {
  readonly valueType?: "string" | "reference" | "binary";
  /** RFC 7643 §4.1.2 addresses have no value or display, only these sub-attributes kept in "data" */
  readonly dataSubs?: readonly string[];
}

function userValueAttribute(dialect: Dialect, name: string, spec: MultiValuedSpec = {}): MappedAttribute {
  const leaves: Leaf[] = [text(`${name}.type`, `v."type"`), { kind: "column", name: `${name}.primary`, type: "boolean", caseExact: false, expr: `v."primary"`, nullable: false }];
  if (spec.dataSubs) {
    for (const sub of spec.dataSubs) leaves.push(text(`${name}.${sub}`, jsonText(dialect, `v."data"`, sub)));
  } else {
    // RFC 7643 §2.3.6: binary values are case-exact; every other value sub-attribute of §4.1.2 is not.
    const binary = spec.valueType === "binary";
    leaves.push(text(`${name}.value`, `v."value"`, binary ? { type: "binary", caseExact: true } : { type: spec.valueType ?? "string", key: `v."valueKey"` }), text(`${name}.display`, `v."display"`));
  }
  return complex(name, userValueScope(name), leaves, spec.dataSubs ? undefined : "value");
}

const ADDRESS_SUBS = ["formatted", "streetAddress", "locality", "region", "postalCode", "country"] as const;

function meta(alias: string, resourceType: QueryResource): MappedAttribute {
  return complex("meta", ROW, [
    typed("meta.created", col(alias, "createdAt"), "dateTime", false),
    typed("meta.lastModified", col(alias, "updatedAt"), "dateTime", false),
    { kind: "constant", name: "meta.resourceType", value: resourceType },
    // meta.location embeds the base URL and meta.version the ETag form, neither of which is stored
    { kind: "unsupported", name: "meta.location", reason: "meta.location cannot be used here; filter on id instead" },
    { kind: "unsupported", name: "meta.version", reason: "meta.version cannot be used here" },
  ]);
}

function byName(attributes: readonly MappedAttribute[]): ReadonlyMap<string, MappedAttribute> {
  return new Map(attributes.map((a) => [a.name.toLowerCase(), a]));
}

interface Maps {
  readonly core: ReadonlyMap<string, MappedAttribute>;
  readonly enterprise: ReadonlyMap<string, MappedAttribute>;
}

function userMaps(dialect: Dialect): Maps {
  const u = "u";
  const ci = (name: string, column: string, type: "string" | "reference" = "string") => simple(text(name, col(u, column), { type }));
  const core: MappedAttribute[] = [
    // RFC 7643 §3.1: id and externalId are case-exact.
    simple(text("id", col(u, "id"), { caseExact: true, nullable: false })),
    simple(text("externalId", col(u, "externalId"), { caseExact: true })),
    simple({ kind: "qualifiedName", name: "userName", alias: u, keyColumn: "userNameKey" }),
    complex("name", ROW, [
      text("name.formatted", col(u, "formattedName")),
      text("name.familyName", col(u, "familyName")),
      text("name.givenName", col(u, "givenName")),
      text("name.middleName", col(u, "middleName")),
      text("name.honorificPrefix", col(u, "honorificPrefix")),
      text("name.honorificSuffix", col(u, "honorificSuffix")),
    ]),
    simple(text("displayName", col(u, "displayName"), { key: col(u, "displayNameKey") })),
    ci("nickName", "nickName"),
    ci("profileUrl", "profileUrl", "reference"),
    ci("title", "title"),
    ci("userType", "userType"),
    ci("preferredLanguage", "preferredLanguage"),
    ci("locale", "locale"),
    ci("timezone", "timezone"),
    simple(typed("active", col(u, "active"), "boolean", false)),
    // RFC 7643 §4.1.1: password is never returned, so it must not be probed through filters either.
    { name: "password", scope: ROW, refused: "password cannot be used in a filter or sortBy" },
    userValueAttribute(dialect, "emails"),
    userValueAttribute(dialect, "phoneNumbers"),
    userValueAttribute(dialect, "ims"),
    userValueAttribute(dialect, "photos", { valueType: "reference" }),
    userValueAttribute(dialect, "addresses", { dataSubs: ADDRESS_SUBS }),
    userValueAttribute(dialect, "entitlements"),
    userValueAttribute(dialect, "x509Certificates", { valueType: "binary" }),
    complex(
      "groups",
      {
        kind: "exists",
        from: `"GroupMember" gm`,
        join: `JOIN "Group" gg ON gg."id" = gm."groupId"`,
        where: `gm."userId" = u."id"`,
        params: [],
        firstOrder: `gm."createdAt" ASC, gm."groupId" ASC`,
      },
      [
        // ids are generated lower-case UUIDs and compared exactly, as id itself (RFC 7643 §3.1)
        text("groups.value", `gm."groupId"`, { caseExact: true, nullable: false }),
        { kind: "qualifiedName", name: "groups.display", alias: "gg", keyColumn: "displayNameKey", join: true },
        // memberships are direct only; RFC 7643 §4.1.2 names "direct" and "indirect"
        { kind: "constant", name: "groups.type", value: "direct" },
        { kind: "unsupported", name: "groups.$ref", reason: "groups.$ref cannot be used here; use groups.value" },
      ],
      "value",
    ),
    meta(u, "User"),
  ];
  const ent = (name: string) => simple(text(name, col(u, name)));
  const managerDisplay = (column: string) => `(SELECT mgr."${column}" FROM "User" mgr WHERE mgr."id" = u."managerId")`;
  const enterprise: MappedAttribute[] = [
    ent("employeeNumber"),
    ent("costCenter"),
    ent("organization"),
    ent("division"),
    ent("department"),
    complex(
      "manager",
      ROW,
      [
        text("manager.value", col(u, "managerId"), { caseExact: true }),
        text("manager.displayName", managerDisplay("displayName"), { key: managerDisplay("displayNameKey") }),
        { kind: "unsupported", name: "manager.$ref", reason: "manager.$ref cannot be used here; use manager.value" },
      ],
      "value",
    ),
  ];
  return { core: byName(core), enterprise: byName(enterprise) };
}

function groupMaps(): Maps {
  const g = "g";
  const core: MappedAttribute[] = [
    simple(text("id", col(g, "id"), { caseExact: true, nullable: false })),
    simple(text("externalId", col(g, "externalId"), { caseExact: true })),
    simple({ kind: "qualifiedName", name: "displayName", alias: g, keyColumn: "displayNameKey" }),
    complex(
      "members",
      {
        kind: "exists",
        from: `"GroupMember" m`,
        join: `JOIN "User" mu ON mu."id" = m."userId"`,
        where: `m."groupId" = g."id"`,
        params: [],
        firstOrder: `m."createdAt" ASC, m."userId" ASC`,
      },
      [
        text("members.value", `m."userId"`, { caseExact: true, nullable: false }),
        // a member's display is its (qualified) userName
        { kind: "qualifiedName", name: "members.display", alias: "mu", keyColumn: "userNameKey", join: true },
        // groups hold users only, no nested groups
        { kind: "constant", name: "members.type", value: "User" },
        { kind: "unsupported", name: "members.$ref", reason: "members.$ref cannot be used here; use members.value" },
      ],
      "value",
    ),
    meta(g, "Group"),
  ];
  return { core: byName(core), enterprise: new Map() };
}

const mapCache = new Map<string, Maps>();

function maps(ctx: QueryContext): Maps {
  const cacheKey = `${ctx.resource}:${ctx.dialect}`;
  let found = mapCache.get(cacheKey);
  if (!found) {
    found = ctx.resource === "User" ? userMaps(ctx.dialect) : groupMaps();
    mapCache.set(cacheKey, found);
  }
  return found;
}

function customAttribute(def: CustomAttributeDef): MappedAttribute | string {
  const name = `${CUSTOM_USER_SCHEMA}:${def.name}`;
  const scope = userValueScope(`custom:${def.name}`);
  const base = { kind: "column" as const, name, caseExact: false, nullable: true };
  switch (def.type) {
    case "string":
    case "reference":
      return simple(def.caseExact ? { ...base, type: def.type, caseExact: true, expr: `v."value"` } : { ...base, type: def.type, expr: `v."value"`, keyExpr: `v."valueKey"` }, scope);
    case "binary":
      return simple({ ...base, type: "binary", caseExact: true, expr: `v."value"` }, scope);
    case "boolean":
      return simple({ ...base, type: "boolean", expr: `v."value"`, encoding: "textBoolean" }, scope);
    case "integer":
    case "decimal":
      return simple({ ...base, type: def.type, expr: `v."valueNum"` }, scope);
    case "dateTime":
      return simple({ ...base, type: "dateTime", expr: `v."valueNum"`, encoding: "epochMillis" }, scope);
    default:
      return `${name} has type "${def.type}", which cannot be used here`;
  }
}

export function describePath(path: AttrPath): string {
  return `${path.schema !== undefined ? `${path.schema}:` : ""}${path.attribute}${path.subAttribute !== undefined ? `.${path.subAttribute}` : ""}`;
}

const USER_ONLY = new Set(["username", "name", "emails", "phonenumbers", "ims", "photos", "addresses", "entitlements", "x509certificates", "groups", "active", "title", "nickname", "usertype"]);

/**
 * Maps an attribute path to storage. Attribute names and schema URNs are case-insensitive (RFC 7643 §2.1);
 * core attributes may carry their schema URN, extension attributes must (RFC 7644 §3.10).
 * `fail` builds the error: invalidFilter for filters, invalidValue for sortBy.
 */
export function resolvePath(path: AttrPath, ctx: QueryContext, fail: (detail: string) => Error): ResolvedPath {
  const { core, enterprise } = maps(ctx);
  const wanted = path.attribute.toLowerCase();
  const schema = path.schema?.toLowerCase();
  const coreSchema = ctx.resource === "User" ? CORE_USER_SCHEMA : CORE_GROUP_SCHEMA;
  const shown = describePath(path);
  let attribute: MappedAttribute | undefined;

  if (schema === undefined || schema === coreSchema.toLowerCase()) {
    attribute = core.get(wanted);
    if (!attribute) {
      if (ctx.resource === "User" && wanted === "members") throw fail(`members is an attribute of Group resources, not of User resources`);
      if (ctx.resource === "Group" && USER_ONLY.has(wanted)) throw fail(`${path.attribute} is an attribute of User resources, not of Group resources`);
      if (schema === undefined && enterprise.has(wanted)) {
        throw fail(`${path.attribute} belongs to the enterprise extension: write it as ${ENTERPRISE_USER_SCHEMA}:${enterprise.get(wanted)!.name}`);
      }
      const custom = schema === undefined ? findCustom(ctx, wanted) : undefined;
      if (custom) throw fail(`${path.attribute} belongs to the custom extension: write it as ${CUSTOM_USER_SCHEMA}:${custom.name}`);
      throw fail(`unknown attribute "${shown}" for ${ctx.resource} resources`);
    }
  } else if (ctx.resource === "User" && schema === ENTERPRISE_USER_SCHEMA.toLowerCase()) {
    attribute = enterprise.get(wanted);
    if (!attribute) throw fail(`unknown attribute "${shown}": the enterprise extension has no attribute ${path.attribute}`);
  } else if (ctx.resource === "User" && schema === CUSTOM_USER_SCHEMA.toLowerCase()) {
    const def = findCustom(ctx, wanted);
    if (!def) throw fail(`unknown attribute "${shown}": the custom extension defines no attribute ${path.attribute}`);
    const mapped = customAttribute(def);
    if (typeof mapped === "string") throw fail(mapped);
    attribute = mapped;
  } else {
    throw fail(`unknown schema "${path.schema}" in "${shown}" for ${ctx.resource} resources`);
  }

  if (attribute.refused !== undefined) throw fail(attribute.refused);
  if (path.subAttribute === undefined) {
    return attribute.value ? { attribute, leaf: attribute.value, subAttribute: false } : { attribute, subAttribute: false };
  }
  if (!attribute.subs) throw fail(`${attribute.name} has no sub-attributes, so "${shown}" does not exist`);
  const leaf = attribute.subs.get(path.subAttribute.toLowerCase());
  if (!leaf) throw fail(`unknown sub-attribute "${path.subAttribute}" of ${attribute.name}`);
  return { attribute, leaf, subAttribute: true };
}

/** The leaf of a sub-attribute named inside a value filter `attr[...]`. */
export function resolveSubAttribute(attribute: MappedAttribute, name: string, fail: (detail: string) => Error): Leaf {
  const leaf = attribute.subs?.get(name.toLowerCase());
  if (!leaf) throw fail(`unknown sub-attribute "${name}" of ${attribute.name}`);
  return leaf;
}

function findCustom(ctx: QueryContext, lowerName: string): CustomAttributeDef | undefined {
  return ctx.customAttributes?.find((d) => d.name.toLowerCase() === lowerName);
}
