import { z } from "zod";
import { connectorTypes } from "./registry.ts";

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
