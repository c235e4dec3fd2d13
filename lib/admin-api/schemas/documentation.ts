import { z } from "zod";

/**
 * What the OpenAPI document says about a schema beyond its rules. Kept in a registry of its own rather than zod's
 * global one, so documenting a schema the store validates with (lib/identity, lib/provisioning) changes nothing
 * for anyone else converting it.
 */
export interface SchemaDocumentation {
  /** the name it is listed under in components.schemas; every use of the schema becomes a $ref to it */
  id?: string;
  description?: string;
  /** the values a refinement, rather than the schema's type, accepts */
  enum?: readonly string[];
}

export const schemaDocs = z.registry<SchemaDocumentation>();

function annotate<T extends z.ZodType>(schema: T, doc: SchemaDocumentation): T {
  schemaDocs.add(schema, { ...schemaDocs.get(schema), ...doc });
  return schema;
}

/** Lists the schema once under components.schemas as `id`. */
export const named = <T extends z.ZodType>(id: string, schema: T, description?: string): T => annotate(schema, description ? { id, description } : { id });

export const described = <T extends z.ZodType>(schema: T, description: string): T => annotate(schema, { description });

/** A refinement checks these values; the document lists them as the schema's enum. */
export const listed = <T extends z.ZodType>(schema: T, values: readonly string[]): T => annotate(schema, { enum: values });

/**
 * Describes fields of an object schema in place. A field with a default is described below the default, so a
 * schema built from the field without it (a PATCH body) carries the same words.
 */
export function describeFields<S extends Record<string, z.ZodType>>(shape: S, descriptions: { [K in keyof S]?: string }): void {
  for (const [key, text] of Object.entries(descriptions)) {
    const field = shape[key];
    if (field && text) described(field instanceof z.ZodDefault ? (field.removeDefault() as z.ZodType) : field, text);
  }
}
