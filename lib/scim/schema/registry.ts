import type { AttrPath } from "../filter/ast.ts";
import { COMMON_ATTRIBUTES, ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_DEFINITION, GROUP_SCHEMA_DEFINITION, ROLE_SCHEMA_DEFINITION, USER_SCHEMA_DEFINITION } from "./core.ts";
import type { AttributeDefinition, SchemaDefinition } from "./types.ts";

export interface ResolvedAttribute {
  /** Canonical id of the schema defining the attribute; the core schema's id for common attributes. */
  readonly schemaId: string;
  readonly attribute: AttributeDefinition;
  readonly subAttribute?: AttributeDefinition;
}

type NameIndex = ReadonlyMap<string, AttributeDefinition>;

// Indexes are keyed on definition identity: the constant schemas are
// indexed once per process and a cached custom schema once per cache
// generation, which keeps building a registry per request cheap.
const schemaIndexes = new WeakMap<SchemaDefinition, NameIndex>();
const subIndexes = new WeakMap<AttributeDefinition, NameIndex>();
const COMMON_INDEX = indexNames(COMMON_ATTRIBUTES);

function indexNames(list: readonly AttributeDefinition[]): NameIndex {
  const index = new Map<string, AttributeDefinition>();
  for (const a of list) index.set(a.name.toLowerCase(), a);
  return index;
}

function schemaIndex(schema: SchemaDefinition): NameIndex {
  let index = schemaIndexes.get(schema);
  if (index === undefined) {
    index = indexNames(schema.attributes);
    schemaIndexes.set(schema, index);
  }
  return index;
}

/** Sub-attribute of a complex attribute by name, case-insensitively (RFC 7643 §2.1). */
export function findSubAttribute(parent: AttributeDefinition, name: string): AttributeDefinition | undefined {
  if (parent.subAttributes === undefined) return undefined;
  let index = subIndexes.get(parent);
  if (index === undefined) {
    index = indexNames(parent.subAttributes);
    subIndexes.set(parent, index);
  }
  return index.get(name.toLowerCase());
}

/**
 * WSO2's documentation sends the enterprise extension under the key
 * "EnterpriseUser" (with an empty "schemas"); the RFC 7643 §3.3 key is the
 * schema URN.
 */
export function normaliseSchemaAlias(key: string): string {
  return key.toLowerCase() === "enterpriseuser" ? ENTERPRISE_USER_SCHEMA : key;
}

/**
 * The schemas of one resource type: its core schema, the common attributes
 * of RFC 7643 §3.1, and its extensions (RFC 7643 §6 "schemaExtensions").
 */
export class SchemaRegistry {
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
  readonly extensionIds: readonly string[];
  private readonly byId: ReadonlyMap<string, SchemaDefinition>;

  constructor(core: SchemaDefinition, extensions: readonly SchemaDefinition[] = []) {
    this.core = core;
    this.extensions = extensions;
    this.extensionIds = extensions.map((s) => s.id);
    const byId = new Map<string, SchemaDefinition>([[core.id.toLowerCase(), core]]);
    for (const s of extensions) byId.set(s.id.toLowerCase(), s);
    this.byId = byId;
  }

  get coreId(): string {
    return this.core.id;
  }

  /** A schema of this resource type by id; URNs compare case-insensitively (RFC 7643 §2.1). */
  schema(id: string): SchemaDefinition | undefined {
    return this.byId.get(normaliseSchemaAlias(id).toLowerCase());
  }

  /** The canonical id when `key` names one of the extension schemas (the alias included). */
  extensionId(key: string): string | undefined {
    const schema = this.schema(key);
    return schema === undefined || schema === this.core ? undefined : schema.id;
  }

  isCore(schemaId: string): boolean {
    return schemaId.toLowerCase() === this.core.id.toLowerCase();
  }

  /**
   * The attributes a resource of this type may hold at the level of
   * `schemaId`: for the core schema, the common attributes come first.
   */
  attributes(schemaId: string): readonly AttributeDefinition[] {
    const schema = this.schema(schemaId);
    if (schema === undefined) return [];
    return schema === this.core ? [...COMMON_ATTRIBUTES, ...schema.attributes] : schema.attributes;
  }

  /**
   * The lexer splits an attribute path at its last colon, so a bare
   * extension URN used as a path (`urn:…:enterprise:2.0:User`) arrives as
   * {schema: "urn:…:enterprise:2.0", attribute: "User"}. Returns the
   * extension's canonical id when `path` denotes a whole extension.
   */
  extensionOfPath(path: AttrPath): string | undefined {
    if (path.subAttribute !== undefined) return undefined;
    const key = path.schema === undefined ? path.attribute : `${path.schema}:${path.attribute}`;
    return this.extensionId(key);
  }

  /**
   * Core attributes may be named with or without their schema URN
   * (RFC 7644 §3.10); extension attributes need theirs. The common
   * attributes (RFC 7643 §3.1) belong to no schema and are accepted bare
   * or under the core URN.
   */
  resolve(path: AttrPath): ResolvedAttribute | undefined {
    let schemaId: string;
    let attribute: AttributeDefinition | undefined;
    const name = path.attribute.toLowerCase();
    if (path.schema === undefined) {
      schemaId = this.core.id;
      attribute = schemaIndex(this.core).get(name) ?? COMMON_INDEX.get(name);
    } else {
      const schema = this.schema(path.schema);
      if (schema === undefined) return undefined;
      schemaId = schema.id;
      attribute = schemaIndex(schema).get(name) ?? (schema === this.core ? COMMON_INDEX.get(name) : undefined);
    }
    if (attribute === undefined) return undefined;
    if (path.subAttribute === undefined) return { schemaId, attribute };
    const subAttribute = findSubAttribute(attribute, path.subAttribute);
    return subAttribute === undefined ? undefined : { schemaId, attribute, subAttribute };
  }

  /**
   * RFC 7643 §2.2 "caseExact" for a filter or sort path. A complex attribute
   * compared without a sub-attribute stands for its "value" sub-attribute,
   * as evaluate.ts does; unknown paths compare case-insensitively.
   */
  caseExact(path: AttrPath): boolean {
    const resolved = this.resolve(path);
    if (resolved === undefined) return false;
    if (resolved.subAttribute !== undefined) return resolved.subAttribute.caseExact;
    const { attribute } = resolved;
    if (attribute.type === "complex") return findSubAttribute(attribute, "value")?.caseExact ?? false;
    return attribute.caseExact;
  }

  /**
   * Splits a fully qualified attribute name (RFC 7644 §3.10) such as
   * `urn:…:enterprise:2.0:User:manager.value` on the longest schema id of
   * this registry that prefixes it. Undefined when no known schema does,
   * when nothing follows the URN, or when the rest is not `attr[.sub]`.
   */
  splitExtensionKey(key: string): AttrPath | undefined {
    const lower = key.toLowerCase();
    let schema: SchemaDefinition | undefined;
    for (const s of this.byId.values()) {
      const id = s.id.toLowerCase();
      if (lower.length > id.length + 1 && lower.startsWith(id) && lower[id.length] === ":") {
        if (schema === undefined || s.id.length > schema.id.length) schema = s;
      }
    }
    if (schema === undefined) return undefined;
    const rest = key.slice(schema.id.length + 1);
    const parts = rest.split(".");
    if (parts.length > 2 || parts.some((p) => !ATTRNAME.test(p))) return undefined;
    const [attribute, subAttribute] = parts as [string, string | undefined];
    return subAttribute === undefined ? { schema: schema.id, attribute } : { schema: schema.id, attribute, subAttribute };
  }
}

// ATTRNAME = ALPHA *(nameChar) (RFC 7643 §2.1), plus the reserved "$ref".
const ATTRNAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/i;

/** Registry for /Users: core User plus the enterprise and (when defined) custom extensions. */
export function userSchemaRegistry(custom?: SchemaDefinition): SchemaRegistry {
  return new SchemaRegistry(USER_SCHEMA_DEFINITION, custom === undefined ? [ENTERPRISE_USER_SCHEMA_DEFINITION] : [ENTERPRISE_USER_SCHEMA_DEFINITION, custom]);
}

export const GROUP_SCHEMA_REGISTRY = new SchemaRegistry(GROUP_SCHEMA_DEFINITION);
export const ROLE_SCHEMA_REGISTRY = new SchemaRegistry(ROLE_SCHEMA_DEFINITION);
