import type { SqlExecutor } from "../../db/sql.ts";
import { connectorSettings } from "../connections.ts";
import { connectorDefinition } from "../connectors/registry.ts";
import type { UserChanges } from "./entries.ts";

/**
 * The connector's own delta computation, for connectors that keep what the target last received; undefined for
 * the others (and for settings that no longer parse). Building the client sends nothing.
 */
export async function connectorChanges(exec: SqlExecutor, connectorId: string): Promise<UserChanges | undefined> {
  const settings = await connectorSettings(exec, connectorId);
  if (!settings) return undefined;
  const definition = connectorDefinition(settings.type);
  const config = definition.configSchema.safeParse(settings.config);
  if (!config.success) return undefined;
  const connector = definition.create(config.data, { capabilities: settings.capabilities });
  return connector.userChanges ? (user, previous) => connector.userChanges!(user, previous) : undefined;
}
