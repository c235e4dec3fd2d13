import { ScimError } from "./errors.ts";
import { findSubAttribute, normaliseSchemaAlias, type SchemaRegistry } from "./schema/registry.ts";
import type { AttributeDefinition } from "./schema/types.ts";

/**
 * Checks a resource a client sent (POST/PUT body, or the result of a PATCH) against its schemas and returns
 * it with canonical attribute names (RFC 7643 section 2.1: names are case-insensitive), extension objects under
 * their canonical URNs, and read-only attributes dropped: clients such as Okta echo id, meta and groups on
 * PUT, and RFC 7644 section 3.5.1 says the service provider ignores them.
 */
export function validateResource(body: Record<string, unknown>, registry: SchemaRegistry): Record<string, unknown> {
  const schemas = entry(body, "schemas");
  // WSO2's documented examples send "schemas": [] with an EnterpriseUser object; a missing schemas member is refused
  if (!Array.isArray(schemas) || schemas.some((s) => typeof s !== "string")) {
    throw ScimError.invalidSyntax(`"schemas" must be an array of schema URIs`);
  }
  const out: Record<string, unknown> = {};
  const used = new Set<string>([registry.coreId]);
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === "schemas") continue;
    const extension = registry.extensionId(normaliseSchemaAlias(key));
    if (extension) {
      if (value === null) continue;
      if (!isObject(value)) throw ScimError.invalidValue(`"${key}" must be an object of ${extension} attributes`);
      const ext = validateAttributes(value, registry.attributes(extension), extension);
      if (Object.keys(ext).length) {
        out[extension] = ext;
        used.add(extension);
      }
      continue;
    }
    const qualified = key.includes(":") ? registry.splitExtensionKey(key) : undefined;
    if (qualified?.schema && !registry.isCore(qualified.schema)) {
      // a fully qualified extension attribute at the top level (Entra ID writes them this way)
      const defs = registry.attributes(qualified.schema);
      const def = defs.find((d) => d.name.toLowerCase() === qualified.attribute.toLowerCase());
      if (!def) throw ScimError.invalidValue(`Unknown attribute "${key}"`);
      const ext = (out[qualified.schema] ??= {}) as Record<string, unknown>;
      const checked = validateAttributes({ [def.name]: qualified.subAttribute ? { [qualified.subAttribute]: value } : value }, defs, qualified.schema);
      Object.assign(ext, checked);
      used.add(qualified.schema);
      continue;
    }
    const name = qualified ? qualified.attribute : key;
    const checked = validateAttributes({ [name]: value }, registry.attributes(registry.coreId), registry.coreId);
    Object.assign(out, checked);
  }
  out.schemas = [...used];
  return out;
}

function validateAttributes(obj: Record<string, unknown>, defs: readonly AttributeDefinition[], where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const def = defs.find((d) => d.name.toLowerCase() === key.toLowerCase());
    if (!def) throw ScimError.invalidValue(`Unknown attribute "${key}" in ${where}`);
    if (def.mutability === "readOnly") continue;
    if (value === null || value === undefined) continue;
    out[def.name] = checkValue(def, value, def.name);
  }
  return out;
}

function checkValue(def: AttributeDefinition, value: unknown, label: string): unknown {
  if (def.multiValued) {
    if (!Array.isArray(value)) throw ScimError.invalidValue(`"${label}" is multi-valued: send an array`);
    return value.filter((v) => v !== null).map((v, i) => checkSingle(def, v, `${label}[${i}]`));
  }
  if (Array.isArray(value)) throw ScimError.invalidValue(`"${label}" is single-valued: do not send an array`);
  return checkSingle(def, value, label);
}

function checkSingle(def: AttributeDefinition, value: unknown, label: string): unknown {
  const fail = (expected: string): never => {
    throw ScimError.invalidValue(`"${label}" must be ${expected}`);
  };
  switch (def.type) {
    case "string":
    case "reference":
    case "binary":
      if (typeof value !== "string") fail("a string");
      if (def.canonicalValues?.length && def.type === "string" && def.mutability !== "readWrite" && !def.canonicalValues.includes(value as string)) {
        fail(`one of ${def.canonicalValues.join(", ")}`);
      }
      return value;
    case "boolean":
      if (typeof value !== "boolean") fail("true or false");
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) fail("an integer");
      return value;
    case "decimal":
      if (typeof value !== "number" || !Number.isFinite(value)) fail("a number");
      return value;
    case "dateTime":
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) fail("an xsd:dateTime string");
      return value;
    case "complex": {
      if (!isObject(value)) fail("an object");
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(value as Record<string, unknown>)) {
        const subDef = findSubAttribute(def, key);
        if (!subDef) throw ScimError.invalidValue(`Unknown sub-attribute "${key}" of "${label}"`);
        if (subDef.mutability === "readOnly" || sub === null || sub === undefined) continue;
        out[subDef.name] = checkSingle(subDef, sub, `${label}.${subDef.name}`);
      }
      return out;
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function entry(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : obj[key];
}
