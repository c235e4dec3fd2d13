import type { AttrPath, CompareFilter, CompValue, Filter } from "./ast";

export interface EvaluateOptions {
  /**
   * Whether string comparisons on `path` are case-sensitive (the schema's
   * "caseExact", RFC 7643 §2.2). Paths inside a value filter are passed
   * fully qualified: `emails[type eq "x"]` asks about emails.type.
   */
  caseExact(path: AttrPath): boolean;
}

const CASE_INSENSITIVE: EvaluateOptions = { caseExact: () => false };

// Core attributes may be written with their schema URN (RFC 7644 §3.10) but
// live at the top level of the resource, unlike extension attributes.
const CORE_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:";

// xsd:dateTime (RFC 7643 §2.3.5) requires an explicit offset, which keeps
// the comparison independent of the server's time zone; a bare date is
// accepted as midnight UTC.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?$/;

type JsonObject = Record<string, unknown>;

interface Scope {
  readonly node: JsonObject;
  /** The multi-valued attribute whose element `node` is, inside `[...]`. */
  readonly parent?: AttrPath;
}

/** In-memory RFC 7644 §3.4.2.2 evaluation of `filter` against a SCIM resource. */
export function matchesFilter(resource: Record<string, unknown>, filter: Filter, options: EvaluateOptions = CASE_INSENSITIVE): boolean {
  return evaluate(filter, { node: resource }, options);
}

function evaluate(filter: Filter, scope: Scope, options: EvaluateOptions): boolean {
  switch (filter.op) {
    case "and":
      return evaluate(filter.left, scope, options) && evaluate(filter.right, scope, options);
    case "or":
      return evaluate(filter.left, scope, options) || evaluate(filter.right, scope, options);
    case "not":
      return !evaluate(filter.filter, scope, options);
    case "pr":
      return resolve(scope.node, filter.path).some(isNonEmpty);
    case "valuePath": {
      // All terms of the inner filter must hold for the same element
      // (RFC 7644 §3.4.2.2: `emails[type eq "work" and value co "@x"]`).
      const parent = qualify(scope, filter.path);
      return resolve(scope.node, filter.path).some((element) => isObject(element) && evaluate(filter.filter, { node: element, parent }, options));
    }
    default:
      return compare(filter, scope, options);
  }
}

function compare(filter: CompareFilter, scope: Scope, options: EvaluateOptions): boolean {
  const { op, path, value } = filter;
  // RFC 7643 §2.5: null and unassigned are the same state, so `eq null`
  // is the negation of `pr` and `ne null` is `pr`.
  if (value === null && (op === "eq" || op === "ne")) {
    const present = resolve(scope.node, path).some(isNonEmpty);
    return op === "eq" ? !present : present;
  }
  const qualified = qualify(scope, path);
  // Multi-valued attributes match if any value matches (RFC 7644 §3.4.2.2).
  return resolve(scope.node, path).some((actual) => {
    if (isObject(actual) && path.subAttribute === undefined) {
      // A complex attribute compared without a sub-attribute stands for its
      // "value" sub-attribute, as in RFC 7644's `emails co "example.com"`.
      const implied: AttrPath = { ...qualified, subAttribute: "value" };
      return flatten(member(actual, "value")).some((v) => compareValue(op, v, value, () => options.caseExact(implied)));
    }
    return compareValue(op, actual, value, () => options.caseExact(qualified));
  });
}

function compareValue(op: CompareFilter["op"], actual: unknown, expected: CompValue, caseExact: () => boolean): boolean {
  if (op === "ne") return !compareValue("eq", actual, expected, caseExact);
  if (typeof actual === "string" && typeof expected === "string") {
    if (op !== "co" && op !== "sw" && op !== "ew") {
      const a = toInstant(actual);
      const e = a === undefined ? undefined : toInstant(expected);
      if (a !== undefined && e !== undefined) return order(op, a, e);
    }
    const exact = caseExact();
    const a = exact ? actual : actual.toLowerCase();
    const e = exact ? expected : expected.toLowerCase();
    if (op === "co") return a.includes(e);
    if (op === "sw") return a.startsWith(e);
    if (op === "ew") return a.endsWith(e);
    return order(op, a, e);
  }
  if (typeof actual === "number" && typeof expected === "number") {
    return op === "co" || op === "sw" || op === "ew" ? false : order(op, actual, expected);
  }
  if (typeof actual === "boolean" && typeof expected === "boolean") return op === "eq" && actual === expected;
  return false;
}

function order<T extends number | string>(op: "eq" | "gt" | "ge" | "lt" | "le", a: T, e: T): boolean {
  switch (op) {
    case "eq":
      return a === e;
    case "gt":
      return a > e;
    case "ge":
      return a >= e;
    case "lt":
      return a < e;
    case "le":
      return a <= e;
  }
}

function toInstant(s: string): number | undefined {
  if (!DATE_TIME.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Every non-null value `path` reaches in `node`, multi-valued ones flattened. */
function resolve(node: JsonObject, path: AttrPath): unknown[] {
  const base = schemaBase(node, path.schema);
  if (base === undefined) return [];
  const values = flatten(member(base, path.attribute));
  const sub = path.subAttribute;
  if (sub === undefined) return values;
  return values.flatMap((v) => (isObject(v) ? flatten(member(v, sub)) : []));
}

function schemaBase(node: JsonObject, schema: string | undefined): JsonObject | undefined {
  if (schema === undefined) return node;
  // Extension attributes live under their schema URN (RFC 7643 §3.3).
  const extension = member(node, schema);
  if (isObject(extension)) return extension;
  return schema.toLowerCase().startsWith(CORE_SCHEMA_PREFIX) ? node : undefined;
}

/** Attribute names and schema URNs are case-insensitive (RFC 7643 §2.1). */
function member(obj: JsonObject, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === lower) return obj[key];
  }
  return undefined;
}

function qualify(scope: Scope, path: AttrPath): AttrPath {
  const { parent } = scope;
  if (parent === undefined) return path;
  return parent.schema !== undefined ? { schema: parent.schema, attribute: parent.attribute, subAttribute: path.attribute } : { attribute: parent.attribute, subAttribute: path.attribute };
}

function flatten(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined);
  return value === null || value === undefined ? [] : [value];
}

// "pr": the attribute has a non-empty value, or a complex value with a
// non-empty node (RFC 7644 §3.4.2.2); "" and [] count as empty.
function isNonEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.length > 0;
  if (Array.isArray(value)) return value.some(isNonEmpty);
  if (isObject(value)) return Object.values(value).some(isNonEmpty);
  return true;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
