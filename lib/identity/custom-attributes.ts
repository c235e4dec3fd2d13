import type { SqlExecutor } from "../db/sql.ts";
import { asBool } from "../db/values.ts";
import { cacheOf } from "../db/instance-state.ts";
import { CUSTOM_USER_SCHEMA, type CustomAttribute } from "./custom-attribute-schema.ts";

export { CUSTOM_USER_SCHEMA, customAttributeSchema, coerceCustomValue, type CustomAttribute, type CustomAttributeInput, type CustomValue } from "./custom-attribute-schema.ts";

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
