// Validation of OpenAPI 3.1 documents against the specification's own JSON Schema, for the unit and HTTP tests of
// the admin API's document. The "schema-base" variant checks the whole document: its structure, and every Schema
// Object in it against the OpenAPI 3.1 dialect (JSON Schema 2020-12 with the OpenAPI vocabulary), which the plain
// "schema" variant leaves unchecked.
import { validate } from "@hyperjump/json-schema/openapi-3-1";

export const OPENAPI_31_SCHEMA = "https://spec.openapis.org/oas/3.1/schema-base";

/**
 * What the validator holds against a document: one line per failed keyword, naming where in the document and the
 * rule of the schema that failed; none when the document is valid OpenAPI 3.1. The document is checked as it is
 * served, after a JSON round trip (which drops undefined fields).
 */
export async function openApi31Errors(document: unknown): Promise<string[]> {
  const output = await validate(OPENAPI_31_SCHEMA, JSON.parse(JSON.stringify(document)), "BASIC");
  if (output.valid) return [];
  const errors = output.errors ?? [];
  return errors.length ? errors.map((e) => `${e.instanceLocation}: ${e.absoluteKeywordLocation}`) : ["invalid, with no error reported"];
}
