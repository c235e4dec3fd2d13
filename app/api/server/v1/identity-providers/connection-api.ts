import { z } from "zod";
import type { SqlExecutor } from "@/lib/db/sql";
import { IdentityError } from "@/lib/identity/errors";
import { getConnection, type ConnectorView } from "@/lib/provisioning/connections";
import { connectorTypes } from "@/lib/provisioning/connectors/registry";

export function knownConnectorType(type: string): string {
  if (!Object.hasOwn(connectorTypes, type)) throw IdentityError.invalid(`Unknown connector type "${type}"; known types: ${Object.keys(connectorTypes).join(", ")}`, "type");
  return type;
}

/** Connectors are addressed by their connection and type: a connection has at most one of each type. */
export async function connectorOf(exec: SqlExecutor, connectionId: string, type: string): Promise<ConnectorView> {
  const connector = (await getConnection(exec, connectionId)).connectors.find((c) => c.type === type);
  if (!connector) throw IdentityError.notFound(`Connector "${type}" of this connection`);
  return connector;
}

export const connectorBodySchema = z.object({
  enabled: z.boolean().optional(),
  config: z.record(z.string(), z.unknown(), { error: "config must be an object of settings" }),
});

export const connectorToggleSchema = z.object({ enabled: z.boolean({ error: "enabled must be true or false" }) });

export const provisioningRolesSchema = z.object({ roleIds: z.array(z.string().min(1)).max(1000) });

export const syncBodySchema = z.object({ connectorType: z.string().min(1, "connectorType is required"), dryRun: z.boolean().default(false) });
