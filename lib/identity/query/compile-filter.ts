import type { AttrPath, CompareOp, CompValue, Filter } from "../../scim/filter/ast.ts";
import { ScimError } from "../../scim/errors.ts";
import { sqlTimestamp, type Dialect, type SqlParam } from "../../db/sql.ts";
import { normaliseKey, PRIMARY_DOMAIN, splitQualifiedName } from "../qualified-name.ts";
import { qualifiedKeyExpr, resolvePath, resolveSubAttribute, type ColumnLeaf, type Leaf, type MappedAttribute, type QualifiedNameLeaf, type QueryContext, type Scope } from "./attribute-map.ts";

export type { CustomAttributeDef, QueryContext, QueryResource } from "./attribute-map.ts";
export { OUTER_ALIAS } from "./attribute-map.ts";

/** A boolean SQL expression over the outer row (`u` or `g`) with `?` placeholders, and their values in order. */
export interface CompiledFilter {
  readonly sql: string;
  readonly params: SqlParam[];
}

interface Frag {
  readonly sql: string;
  readonly params: SqlParam[];
  /** the SQL is one parenthesised group already */
  readonly grouped?: boolean;
  /** refers to the JOIN of the enclosing scope */
  readonly join?: boolean;
}

interface Env {
  readonly ctx: QueryContext;
  /** inside `attr[...]`: names are sub-attributes of this attribute (RFC 7644 §3.4.2.2, valuePath) */
  readonly element?: MappedAttribute;
}

const invalid = (detail: string) => ScimError.invalidFilter(detail);

const TRUE: Frag = { sql: "(1 = 1)", params: [], grouped: true };
const FALSE: Frag = { sql: "(1 = 0)", params: [], grouped: true };

const SQL_OPS = { eq: "=", ne: "<>", gt: ">", ge: ">=", lt: "<", le: "<=" } as const;
type OrderOp = "gt" | "ge" | "lt" | "le";

/**
 * Compiles a parsed SCIM filter into a WHERE fragment. Every comparison is two-valued (absent values are
 * tested for explicitly), so `not (...)` negates exactly: `not (title eq "x")` holds for users without a
 * title, while `title ne "x"` does not (an absent attribute has no value to differ, RFC 7644 §3.4.2.2).
 * Throws ScimError invalidFilter for unknown attributes and for operators the attribute's type rules out.
 */
export function compileFilter(filter: Filter, ctx: QueryContext): CompiledFilter {
  const frag = compile(filter, { ctx });
  return { sql: frag.sql, params: frag.params };
}

function group(f: Frag): string {
  return f.grouped ? f.sql : `(${f.sql})`;
}

function compile(filter: Filter, env: Env): Frag {
  switch (filter.op) {
    case "and":
    case "or": {
      const left = compile(filter.left, env);
      const right = compile(filter.right, env);
      return {
        sql: `(${left.sql} ${filter.op.toUpperCase()} ${right.sql})`,
        params: [...left.params, ...right.params],
        grouped: true,
        join: Boolean(left.join || right.join),
      };
    }
    case "not": {
      const inner = compile(filter.filter, env);
      return { sql: `NOT ${group(inner)}`, params: inner.params, join: Boolean(inner.join) };
    }
    case "valuePath":
      return valuePath(filter.path, filter.filter, env);
    case "pr":
      return present(filter.path, env);
    default:
      return compare(filter.op, filter.path, filter.value, env);
  }
}

/**
 * `emails[type eq "work" and value co "@example.com"]` holds when ONE element satisfies the whole inner
 * filter (RFC 7644 §3.4.2.2), hence a single EXISTS around it.
 */
function valuePath(path: AttrPath, inner: Filter, env: Env): Frag {
  if (env.element) throw invalid("value filters cannot be nested");
  const { attribute, subAttribute } = resolvePath(path, env.ctx, invalid);
  if (!attribute.subs || subAttribute) throw invalid(`${attribute.name} is not a complex attribute, so it takes no value filter "[...]"`);
  return within(attribute.scope, compile(inner, { ctx: env.ctx, element: attribute }));
}

function within(scope: Scope, frag: Frag): Frag {
  if (scope.kind === "row") return frag;
  const join = frag.join && scope.join ? ` ${scope.join}` : "";
  return {
    sql: `EXISTS (SELECT 1 FROM ${scope.from}${join} WHERE ${scope.where} AND ${group(frag)})`,
    params: [...scope.params, ...frag.params],
  };
}

interface Target {
  readonly leaf?: Leaf;
  readonly scope: Scope;
  /** the complex attribute itself, when the path names one without a sub-attribute */
  readonly complex?: MappedAttribute;
  readonly shown: string;
}

function target(path: AttrPath, env: Env): Target {
  if (env.element) {
    // the enclosing valuePath supplies the scope
    return { leaf: resolveSubAttribute(env.element, path.attribute, invalid), scope: { kind: "row" }, shown: `${env.element.name}.${path.attribute}` };
  }
  const { attribute, leaf, subAttribute } = resolvePath(path, env.ctx, invalid);
  const complex = !subAttribute && attribute.subs ? attribute : undefined;
  return { ...(leaf ? { leaf } : {}), scope: attribute.scope, ...(complex ? { complex } : {}), shown: attribute.name };
}

/**
 * pr: the attribute has a non-empty value (RFC 7644 §3.4.2.2; "" and null are unassigned, RFC 7643 §2.5).
 * A multi-valued complex attribute is present when it has any element.
 */
function present(path: AttrPath, env: Env): Frag {
  const t = target(path, env);
  if (t.complex) {
    const scope = t.complex.scope;
    if (scope.kind === "exists") return { sql: `EXISTS (SELECT 1 FROM ${scope.from} WHERE ${scope.where})`, params: [...scope.params] };
    const parts = [...t.complex.subs!.values()].filter((l) => l.kind === "column" || l.kind === "qualifiedName").map(leafPresent);
    if (parts.length === 1) return parts[0]!;
    return { sql: `(${parts.map((p) => p.sql).join(" OR ")})`, params: parts.flatMap((p) => p.params), grouped: true };
  }
  return within(t.scope, leafPresent(t.leaf!));
}

function leafPresent(leaf: Leaf): Frag {
  switch (leaf.kind) {
    case "constant":
      return TRUE;
    case "unsupported":
      throw invalid(leaf.reason);
    case "qualifiedName": {
      const key = `${leaf.alias}."${leaf.keyColumn}"`;
      return { sql: `${key} <> ''`, params: [], ...(leaf.join ? { join: true } : {}) };
    }
    case "column": {
      const join = leaf.join ? { join: true } : {};
      if (isText(leaf) && leaf.encoding === undefined) {
        return { sql: `(${leaf.expr} IS NOT NULL AND ${leaf.expr} <> '')`, params: [], grouped: true, ...join };
      }
      return { sql: `${leaf.expr} IS NOT NULL`, params: [], ...join };
    }
  }
}

function compare(op: CompareOp, path: AttrPath, value: CompValue, env: Env): Frag {
  if (value === null) {
    // RFC 7643 §2.5: null means unassigned, so `eq null` is "not present" and `ne null` is "present".
    if (op !== "eq" && op !== "ne") throw invalid(`operator ${op} cannot compare with null`);
    const p = present(path, env);
    return op === "ne" ? p : { sql: `NOT ${group(p)}`, params: p.params, ...(p.join ? { join: true } : {}) };
  }
  const t = target(path, env);
  if (!t.leaf) {
    const example = t.complex?.subs ? [...t.complex.subs.values()].find((l) => l.kind === "column")?.name : undefined;
    throw invalid(`${t.shown} is a complex attribute: compare one of its sub-attributes${example ? `, such as ${example}` : ""}`);
  }
  return within(t.scope, leafCompare(t.leaf, op, value, env.ctx.dialect));
}

function leafCompare(leaf: Leaf, op: CompareOp, value: Exclude<CompValue, null>, dialect: Dialect): Frag {
  switch (leaf.kind) {
    case "unsupported":
      throw invalid(leaf.reason);
    case "constant":
      return constantCompare(leaf.name, leaf.value, op, value);
    case "qualifiedName":
      return qualifiedCompare(leaf, op, value, dialect);
    case "column":
      switch (leaf.type) {
        case "boolean":
          return booleanCompare(leaf, op, value);
        case "integer":
        case "decimal":
          return numberCompare(leaf, op, value);
        case "dateTime":
          return dateTimeCompare(leaf, op, value, dialect);
        default:
          return textCompare(leaf, op, value, dialect);
      }
  }
}

function isText(leaf: ColumnLeaf): boolean {
  return leaf.type === "string" || leaf.type === "reference" || leaf.type === "binary";
}

const isSubstring = (op: CompareOp): op is "co" | "sw" | "ew" => op === "co" || op === "sw" || op === "ew";
const isOrdering = (op: CompareOp): op is OrderOp => op === "gt" || op === "ge" || op === "lt" || op === "le";

/** `expr IS NOT NULL AND ...` keeps the result two-valued, so NOT around it stays exact. */
function guarded(nullable: boolean, guardExpr: string, sql: string, params: SqlParam[], join?: boolean): Frag {
  const j = join ? { join: true } : {};
  if (!nullable) return { sql, params, ...j };
  return { sql: `(${guardExpr} IS NOT NULL AND ${sql})`, params, grouped: true, ...j };
}

function requireString(name: string, op: CompareOp, value: Exclude<CompValue, null>): string {
  if (typeof value !== "string") throw invalid(`${name} is a string attribute: "${op}" needs a string value, not ${String(value)}`);
  return value;
}

/** LIKE pattern for co/sw/ew with the value's own %, _ and \ taken literally (ESCAPE '\'). */
export function likePattern(op: "co" | "sw" | "ew", value: string): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return op === "co" ? `%${escaped}%` : op === "sw" ? `${escaped}%` : `%${escaped}`;
}

/**
 * RFC 7644 §3.4.2.3 asks for Unicode code point order "with no specific locale implied"; SQLite's BINARY
 * collation is that, PostgreSQL needs COLLATE "C" since its default collation follows the locale.
 */
export function codePointOrder(dialect: Dialect, expr: string): string {
  return dialect === "postgres" ? `${expr} COLLATE "C"` : expr;
}

function textCompare(leaf: ColumnLeaf, op: CompareOp, raw: Exclude<CompValue, null>, dialect: Dialect): Frag {
  const value = requireString(leaf.name, op, raw);
  if (leaf.type === "binary" && isOrdering(op)) {
    throw invalid(`${leaf.name} is binary: operator ${op} cannot be applied to it (RFC 7644 §3.4.2.2)`);
  }
  // RFC 7643 §2.2: caseExact decides whether the comparison folds case. Stored keys are normaliseKey()d,
  // so the value is too; columns without a key are folded on both sides by the database's own LOWER().
  let lhs: string;
  let rhs = "?";
  let param: string;
  let guardExpr = leaf.expr;
  if (leaf.caseExact) {
    lhs = leaf.expr;
    param = value;
  } else if (leaf.keyExpr !== undefined) {
    lhs = leaf.keyExpr;
    guardExpr = leaf.keyExpr;
    param = normaliseKey(value);
  } else {
    lhs = `LOWER(${leaf.expr})`;
    rhs = "LOWER(?)";
    param = value;
  }
  let sql: string;
  if (isSubstring(op)) {
    sql = `${lhs} LIKE ${rhs} ESCAPE '\\'`;
    param = likePattern(op, param);
  } else if (isOrdering(op)) {
    sql = `${codePointOrder(dialect, lhs)} ${SQL_OPS[op]} ${rhs}`;
  } else {
    sql = `${lhs} ${SQL_OPS[op]} ${rhs}`;
  }
  return guarded(leaf.nullable, guardExpr, sql, [param], leaf.join);
}

function booleanCompare(leaf: ColumnLeaf, op: CompareOp, value: Exclude<CompValue, null>): Frag {
  if (op !== "eq" && op !== "ne") {
    // RFC 7644 §3.4.2.2: gt/ge/lt/le on booleans SHALL fail with invalidFilter; substrings have no meaning either.
    throw invalid(`${leaf.name} is a boolean: operator ${op} cannot be applied to it`);
  }
  if (typeof value !== "boolean") throw invalid(`${leaf.name} is a boolean: compare it with true or false, not ${JSON.stringify(value)}`);
  const param: SqlParam = leaf.encoding === "textBoolean" ? String(value) : value;
  return guarded(leaf.nullable, leaf.expr, `${leaf.expr} ${SQL_OPS[op]} ?`, [param], leaf.join);
}

function numberCompare(leaf: ColumnLeaf, op: CompareOp, value: Exclude<CompValue, null>): Frag {
  if (isSubstring(op)) throw invalid(`${leaf.name} is a number: operator ${op} applies to strings only`);
  if (typeof value !== "number") throw invalid(`${leaf.name} is a number: compare it with a number, not ${JSON.stringify(value)}`);
  return guarded(leaf.nullable, leaf.expr, `${leaf.expr} ${SQL_OPS[op]} ?`, [value], leaf.join);
}

function dateTimeCompare(leaf: ColumnLeaf, op: CompareOp, value: Exclude<CompValue, null>, dialect: Dialect): Frag {
  if (isSubstring(op)) throw invalid(`${leaf.name} is a dateTime: operator ${op} applies to strings only`);
  const instant = typeof value === "string" ? parseDateTime(value) : undefined;
  if (!instant) throw invalid(`${leaf.name} is a dateTime: ${JSON.stringify(value)} is not an xsd:dateTime such as "2024-01-31T12:00:00Z" (RFC 7643 §2.3.5)`);
  let effective: CompareOp = op;
  if (!instant.exact) {
    // Stored instants have millisecond precision. A value with finer digits lies strictly between two
    // stored instants: nothing equals it, everything differs from it, and >= / < become > / <= of its floor.
    if (op === "eq") return FALSE;
    if (op === "ne") return guarded(false, leaf.expr, `${leaf.expr} IS NOT NULL`, [], leaf.join);
    if (op === "ge") effective = "gt";
    if (op === "lt") effective = "le";
  }
  const param = leaf.encoding === "epochMillis" ? instant.ms : sqlTimestamp(dialect, new Date(instant.ms));
  return guarded(leaf.nullable, leaf.expr, `${leaf.expr} ${SQL_OPS[effective as keyof typeof SQL_OPS]} ?`, [param], leaf.join);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2}))?$/i;

/**
 * xsd:dateTime (RFC 7643 §2.3.5) with its required offset, so the instant never depends on the server's
 * time zone; a bare date means midnight UTC. Impossible dates (February 30) are rejected, not rolled over.
 */
export function parseDateTime(text: string): { ms: number; exact: boolean } | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((p) => (p === undefined ? undefined : Number(p))) as number[];
  const fraction = m[7] ?? "";
  const zone = (m[8] ?? "Z").toUpperCase();
  const local = new Date(0);
  local.setUTCFullYear(year!, month! - 1, day!);
  local.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, "0")));
  if (
    local.getUTCFullYear() !== year ||
    local.getUTCMonth() !== month! - 1 ||
    local.getUTCDate() !== day ||
    local.getUTCHours() !== hour ||
    local.getUTCMinutes() !== minute ||
    local.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 14 || minutes > 59) return undefined;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  return { ms: local.getTime() - offsetMinutes * 60_000, exact: !/[1-9]/.test(fraction.slice(3)) };
}

function constantCompare(name: string, constant: string, op: CompareOp, raw: Exclude<CompValue, null>): Frag {
  const value = requireString(name, op, raw).toLowerCase();
  const actual = constant.toLowerCase();
  const holds =
    op === "eq"
      ? actual === value
      : op === "ne"
        ? actual !== value
        : op === "co"
          ? actual.includes(value)
          : op === "sw"
            ? actual.startsWith(value)
            : op === "ew"
              ? actual.endsWith(value)
              : op === "gt"
                ? actual > value
                : op === "ge"
                  ? actual >= value
                  : op === "lt"
                    ? actual < value
                    : actual <= value;
  return holds ? TRUE : FALSE;
}

/**
 * userName and Group displayName are "DOMAIN/name" outside the PRIMARY store. eq, the common lookup, stays
 * on the (store, key) index; the other operators compare the qualified key.
 */
function qualifiedCompare(leaf: QualifiedNameLeaf, op: CompareOp, raw: Exclude<CompValue, null>, dialect: Dialect): Frag {
  const value = requireString(leaf.name, op, raw);
  const join = leaf.join ? { join: true } : {};
  if (op === "eq" || op === "ne") {
    const eq = qualifiedEquals(leaf, value);
    // qualified names are never null, so ne is the plain negation
    return op === "eq" ? { ...eq, ...join } : { sql: `NOT ${group(eq)}`, params: eq.params, ...join };
  }
  const lhs = qualifiedKeyExpr(leaf.alias, leaf.keyColumn);
  const key = normaliseKey(value);
  if (isSubstring(op)) return { sql: `${lhs} LIKE ? ESCAPE '\\'`, params: [likePattern(op, key)], ...join };
  return { sql: `${codePointOrder(dialect, lhs)} ${SQL_OPS[op]} ?`, params: [key], ...join };
}

function qualifiedEquals(leaf: QualifiedNameLeaf, value: string): Frag {
  // domains are unique: a scalar sub-select keeps the lookup on the (store, key) index, where IN (...) made
  // SQLite build a Bloom filter and sort the one row
  const inStore = `${leaf.alias}."storeId" = (SELECT s."id" FROM "UserStore" s WHERE s."domain" = ?)`;
  const keyEq = `${leaf.alias}."${leaf.keyColumn}" = ?`;
  const inPrimary: Frag = { sql: `(${inStore} AND ${keyEq})`, params: [PRIMARY_DOMAIN, normaliseKey(value)], grouped: true };
  const { domain, name } = splitQualifiedName(value);
  if (domain === undefined) return inPrimary;
  // "SALES/kim" names kim in SALES, but a PRIMARY name may itself contain "/"
  return {
    sql: `((${inStore} AND ${keyEq}) OR ${inPrimary.sql})`,
    params: [domain, normaliseKey(name), ...inPrimary.params],
    grouped: true,
  };
}
