import { findSubAttribute, normaliseSchemaAlias, type SchemaRegistry } from "./schema/registry.ts";
import type { AttributeDefinition } from "./schema/types.ts";
import { ENTERPRISE_USER_SCHEMA } from "./schema/core.ts";

/**
 * Client quirks, fixed in one place before validation:
 * - Microsoft Entra ID sends booleans as the strings "True" / "False" (active, emails[].primary, ...);
 * - Entra sends the enterprise manager as a bare id string instead of {"value": id};
 * - WSO2's documented examples send the enterprise extension under the key "EnterpriseUser", and the manager's
 *   id as "managerId" (WSO2's name for the manager's "value").
 * Anything else is left for validation to judge.
 */
export function normaliseResource(body: Record<string, unknown>, registry: SchemaRegistry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(body)) {
    const key = normaliseSchemaAlias(rawKey);
    const extension = registry.extensionId(key);
    if (extension && isObject(value)) {
      out[extension] = normaliseObject(value, registry.attributes(extension), extension);
      continue;
    }
    const qualified = key.includes(":") ? registry.splitExtensionKey(key) : undefined;
    const defs = registry.attributes(qualified?.schema ?? registry.coreId);
    const def = defs.find((d) => d.name.toLowerCase() === (qualified?.attribute ?? key).toLowerCase());
    out[key] = def && !qualified?.subAttribute ? normaliseValue(def, value, qualified?.schema ?? registry.coreId) : value;
  }
  return out;
}

function normaliseObject(obj: Record<string, unknown>, defs: readonly AttributeDefinition[], schemaId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const def = defs.find((d) => d.name.toLowerCase() === key.toLowerCase());
    out[key] = def ? normaliseValue(def, value, schemaId) : value;
  }
  return out;
}

/** Normalises one attribute's value according to its definition. */
export function normaliseValue(def: AttributeDefinition, value: unknown, schemaId: string): unknown {
  if (def.multiValued && Array.isArray(value)) return value.map((v) => normaliseSingle(def, v, schemaId));
  return normaliseSingle(def, value, schemaId);
}

function normaliseSingle(def: AttributeDefinition, value: unknown, schemaId: string): unknown {
  if (def.type === "boolean" && typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    return value;
  }
  if (def.type === "complex") {
    if (typeof value === "string" && schemaId === ENTERPRISE_USER_SCHEMA && def.name === "manager") return value ? { value } : null;
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      const isManager = schemaId === ENTERPRISE_USER_SCHEMA && def.name === "manager";
      for (const [rawKey, v] of Object.entries(value)) {
        const k = isManager && rawKey.toLowerCase() === "managerid" && !("value" in value) ? "value" : rawKey;
        const sub = findSubAttribute(def, k);
        out[k] = sub ? normaliseSingle(sub, v, schemaId) : v;
      }
      return out;
    }
  }
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The same fixes for PATCH operation values, by the type of the attribute each path targets. */
export function normalisePatchOperations<T extends { path?: { attribute: { schema?: string; attribute: string }; subAttribute?: string }; value?: unknown }>(ops: T[], registry: SchemaRegistry): T[] {
  return ops.map((op) => {
    if (op.value === undefined) return op;
    if (!op.path) return isObject(op.value) ? { ...op, value: normaliseResource(op.value, registry) } : op;
    const resolved = registry.resolve(op.path.attribute);
    if (!resolved) return op;
    const def = op.path.subAttribute ? findSubAttribute(resolved.attribute, op.path.subAttribute) : (resolved.subAttribute ?? resolved.attribute);
    if (!def) return op;
    const value = def.multiValued && !Array.isArray(op.value) && !op.path.subAttribute ? normaliseSingle(def, op.value, resolved.schemaId) : normaliseValue(def, op.value, resolved.schemaId);
    return { ...op, value };
  });
}
