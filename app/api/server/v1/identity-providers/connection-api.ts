import { z } from "zod";
import type { SqlExecutor } from "@/lib/db/sql";
import { IdentityError } from "@/lib/identity/errors";
import { getConnection, type ConnectorView } from "@/lib/provisioning/connections";
import { connectorTypes } from "@/lib/provisioning/connectors/registry";
import { connectorTypeSchema } from "@/lib/admin-api/schemas/identity-providers";

export function knownConnectorType(type: string): string {
  if (!connectorTypeSchema.safeParse(type).success) throw IdentityError.invalid(`Unknown connector type "${type}"; known types: ${Object.keys(connectorTypes).join(", ")}`, "type");
  return type;
}

/** Connectors are addressed by their connection and type: a connection has at most one of each type. */
export async function connectorOf(exec: SqlExecutor, connectionId: string, type: string): Promise<ConnectorView> {
  const connector = (await getConnection(exec, connectionId)).connectors.find((c) => c.type === type);
  if (!connector) throw IdentityError.notFound(`Connector "${type}" of this connection`);
  return connector;
}

export interface ConnectorTypeInfo {
  type: string;
  label: string;
  /** fields stored encrypted: never returned, only listed in a connector's secretsSet */
  secretFields: string[];
  /** JSON Schema of the settings, for clients that build their form from it */
  configSchema: Record<string, unknown>;
}

/** The connector types this server can provision to, described for forms and API clients. */
export function connectorTypeInfo(): ConnectorTypeInfo[] {
  return Object.values(connectorTypes).map((d) => {
    const { $schema: _dialect, ...schema } = z.toJSONSchema(d.configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    return { type: d.type, label: d.label, secretFields: [...d.secretFields], configSchema: schema };
  });
}
