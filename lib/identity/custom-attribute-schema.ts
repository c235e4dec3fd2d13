import { z } from "zod";
import { IdentityError } from "./errors.ts";

// What a custom attribute is and what its values may be: pure, so the console's forms check with the same rules.

/** The custom User extension whose attributes an administrator defines (rows of SchemaAttribute). */
export const CUSTOM_USER_SCHEMA = "urn:scim:schemas:extension:custom:User";

export const customAttributeSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "Start with a letter; letters, digits, _ and - only (RFC 7643 ATTRNAME)"),
  type: z.enum(["string", "boolean", "integer", "decimal", "dateTime", "reference"]).default("string"),
  multiValued: z.boolean().default(false),
  required: z.boolean().default(false),
  caseExact: z.boolean().default(false),
  mutability: z.enum(["readWrite", "immutable", "writeOnly", "readOnly"]).default("readWrite"),
  returned: z.enum(["default", "always", "request", "never"]).default("default"),
  uniqueness: z.enum(["none", "server"]).default("none"),
  description: z.string().max(1024).default(""),
  canonicalValues: z.array(z.string()).max(200).default([]),
});
export type CustomAttributeInput = z.input<typeof customAttributeSchema>;
export type CustomAttribute = z.output<typeof customAttributeSchema> & { id: string };

export type CustomValue = string | number | boolean;

/** Checks a custom extension value against its definition and returns the canonical typed value. */
export function coerceCustomValue(def: CustomAttribute, value: unknown): CustomValue {
  const fail = (): never => {
    throw IdentityError.invalid(`Attribute "${def.name}" expects ${def.type}`, `custom.${def.name}`);
  };
  let out: CustomValue;
  switch (def.type) {
    case "boolean":
      if (typeof value !== "boolean") fail();
      out = value as boolean;
      break;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) fail();
      out = value as number;
      break;
    case "decimal":
      if (typeof value !== "number" || !Number.isFinite(value)) fail();
      out = value as number;
      break;
    case "dateTime":
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) fail();
      out = new Date(value as string).toISOString();
      break;
    default:
      if (typeof value !== "string") fail();
      out = value as string;
  }
  if (def.canonicalValues.length && typeof out === "string" && !def.canonicalValues.includes(out)) {
    throw IdentityError.invalid(`Attribute "${def.name}" must be one of ${def.canonicalValues.join(", ")}`, `custom.${def.name}`);
  }
  return out;
}
