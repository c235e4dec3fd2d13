import { ScimError } from "../errors.ts";
import { findSubAttribute } from "../schema/registry.ts";
import type { AttributeDefinition } from "../schema/types.ts";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneJson(v);
    return out as T;
  }
  return value;
}

/** Structural equality; key order is irrelevant and an undefined member equals an absent one. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * RFC 7643 §2.5: null, an empty array and a complex value without any
 * assigned sub-attribute all mean "unassigned".
 */
export function isUnassigned(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.every(isUnassigned);
  if (isObject(value)) return Object.values(value).every(isUnassigned);
  return false;
}

// Attribute names are case-insensitive (RFC 7643 §2.1): stored keys are
// found whatever their spelling, and written back under the schema's.
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

export function getMember(obj: JsonObject, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

export function setMember(obj: JsonObject, canonicalName: string, value: unknown): void {
  const lower = canonicalName.toLowerCase();
  for (const k of Object.keys(obj)) if (k !== canonicalName && k.toLowerCase() === lower) delete obj[k];
  obj[canonicalName] = value;
}

export function deleteMember(obj: JsonObject, name: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) delete obj[k];
}

// xsd:dateTime (RFC 7643 §2.3.5); the offset is optional in XML Schema.
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;
// RFC 7643 §2.3.6: binary values are base64 (RFC 4648 §4).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks one value (an element, for a multi-valued attribute) against the
 * data type of RFC 7643 §2.3 and returns it with sub-attribute names in the
 * schema's spelling. Null sub-attributes are dropped unless `keepNulls`,
 * which merges use to unassign them.
 */
export function normaliseValue(def: AttributeDefinition, value: unknown, label: string, keepNulls = false): unknown {
  const fail = (expected: string): never => {
    throw ScimError.invalidValue(`'${label}' must be ${expected} but was ${describe(value)}`);
  };
  switch (def.type) {
    case "string":
    case "reference":
      return typeof value === "string" ? value : fail("a string");
    case "binary":
      return typeof value === "string" && BASE64.test(value) ? value : fail("a base64 string");
    case "boolean":
      return typeof value === "boolean" ? value : fail("a boolean");
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) ? value : fail("an integer");
    case "decimal":
      return typeof value === "number" && Number.isFinite(value) ? value : fail("a number");
    case "dateTime":
      return typeof value === "string" && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? value : fail("an xsd:dateTime string");
    case "complex":
      return normaliseComplex(def, value, label, keepNulls);
  }
}

function normaliseComplex(def: AttributeDefinition, value: unknown, label: string, keepNulls: boolean): JsonObject {
  // A bare value where a complex one is expected stands for its "value"
  // sub-attribute, as in filters (RFC 7644 §3.4.2.2); Microsoft Entra ID
  // sends the enterprise manager as the manager's id string.
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    const valueSub = findSubAttribute(def, "value");
    if (valueSub !== undefined) return { [valueSub.name]: normaliseValue(valueSub, value, `${label}.${valueSub.name}`) };
  }
  if (!isObject(value)) throw ScimError.invalidValue(`'${label}' must be an object but was ${describe(value)}`);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = findSubAttribute(def, key);
    if (sub === undefined) throw ScimError.invalidValue(`'${label}' has no sub-attribute '${key}'`);
    if (v === null || v === undefined) {
      if (keepNulls) out[sub.name] = null;
      continue;
    }
    out[sub.name] = sub.multiValued ? normaliseList(sub, v, `${label}.${sub.name}`) : normaliseValue(sub, v, `${label}.${sub.name}`);
  }
  return out;
}

/** A multi-valued attribute's values; a lone value is taken as a list of one. */
export function normaliseList(def: AttributeDefinition, value: unknown, label: string): unknown[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => v !== null && v !== undefined).map((v) => normaliseValue(def, v, label));
}

/**
 * Whether two values of a multi-valued attribute are the same value: complex
 * ones by their "value" sub-attribute when both have one (RFC 7643 §2.4),
 * otherwise by content; strings honour "caseExact" (RFC 7643 §2.2).
 */
export function sameValue(def: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (def.type === "complex") {
    const valueSub = findSubAttribute(def, "value");
    if (valueSub !== undefined && isObject(a) && isObject(b)) {
      const va = getMember(a, valueSub.name);
      const vb = getMember(b, valueSub.name);
      if (!isUnassigned(va) && !isUnassigned(vb)) return sameScalar(valueSub, va, vb);
    }
    return deepEqual(a, b);
  }
  return sameScalar(def, a, b);
}

function sameScalar(def: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string" && !def.caseExact && def.type !== "binary") {
    return a.toLowerCase() === b.toLowerCase();
  }
  return deepEqual(a, b);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${typeof value} ${text.slice(0, 37)}...` : `${typeof value} ${text}`;
}
