/** Data types of RFC 7643 §2.3. */
export type AttributeType = "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex" | "binary";

/** RFC 7643 §7 "mutability". */
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";

/** RFC 7643 §7 "returned". */
export type Returned = "always" | "never" | "default" | "request";

/** RFC 7643 §7 "uniqueness". */
export type Uniqueness = "none" | "server" | "global";

/**
 * One attribute of a schema, with the characteristics RFC 7643 §7 lists.
 * The field names are those of the /Schemas representation (§8.7.1), so a
 * definition can be serialised as it is.
 */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  /** Only for type "complex"; RFC 7643 §2.3.8 allows one level, never nested complex. */
  readonly subAttributes?: readonly AttributeDefinition[];
  readonly canonicalValues?: readonly string[];
  /** Only for type "reference" (RFC 7643 §7): resource type names, "external" or "uri". */
  readonly referenceTypes?: readonly string[];
}

/** A schema resource (RFC 7643 §7). */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

export interface SchemaExtensionReference {
  readonly schema: string;
  readonly required: boolean;
}

/** A resource type (RFC 7643 §6). */
export interface ResourceTypeDefinition {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly description: string;
  readonly schema: string;
  readonly schemaExtensions: readonly SchemaExtensionReference[];
}
