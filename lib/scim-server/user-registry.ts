import type { SqlExecutor } from "../db/sql.ts";
import { customUserSchema } from "../scim/schema/core.ts";
import { userSchemaRegistry, type SchemaRegistry } from "../scim/schema/registry.ts";
import { listCustomAttributes } from "../identity/custom-attributes.ts";

/** The User schemas as they stand now: core, enterprise and the administrator-defined custom extension. */
export async function userRegistry(exec: SqlExecutor): Promise<SchemaRegistry> {
  const custom = await listCustomAttributes(exec);
  return userSchemaRegistry(custom.length ? customUserSchema(custom) : undefined);
}
