import { z } from "zod";
import type { SqlExecutor } from "../db/sql.ts";
import { asBool } from "../db/values.ts";
import { cacheOf } from "../db/instance-state.ts";
import { IdentityError } from "./errors.ts";

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

// Definitions change rarely and are read on every SCIM request: cache them, drop the cache on every change here,
// and re-read after a few seconds so other instances sharing the database pick up changes without a restart.
// The cache belongs to the instance: the admin API (Next's bundle) and SCIM (the server's own module graph) hold
// separate copies of this module, and an attribute defined through one must reach the other at once.
const TTL_MS = 5_000;
const sharedIn = (sql: SqlExecutor) => cacheOf(sql.state, "custom-attributes", (): { entry?: { at: number; list: CustomAttribute[] } } => ({}));

export function invalidateCustomAttributes(sql: SqlExecutor) {
  sharedIn(sql).entry = undefined;
}

/** Every definition of the custom extension, by name. */
export async function listCustomAttributes(sql: SqlExecutor): Promise<CustomAttribute[]> {
  const shared = sharedIn(sql);
  const cache = shared.entry;
  if (cache && Date.now() - cache.at < TTL_MS) return cache.list;
  const rows = await sql.all<Record<string, unknown>>(`SELECT * FROM "SchemaAttribute" WHERE "schemaId" = ? ORDER BY "name"`, [CUSTOM_USER_SCHEMA]);
  const list = rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    type: r.type as CustomAttribute["type"],
    multiValued: asBool(r.multiValued),
    required: asBool(r.required),
    caseExact: asBool(r.caseExact),
    mutability: r.mutability as CustomAttribute["mutability"],
    returned: r.returned as CustomAttribute["returned"],
    uniqueness: r.uniqueness as CustomAttribute["uniqueness"],
    description: String(r.description),
    canonicalValues: JSON.parse(String(r.canonicalValues)) as string[],
  }));
  shared.entry = { at: Date.now(), list };
  return list;
}

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
