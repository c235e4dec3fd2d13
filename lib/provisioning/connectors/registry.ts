import type { ConnectorDefinition } from "./types.ts";
import { scim2Connector } from "./scim2/index.ts";
import { scim11Connector } from "./scim11/index.ts";
import { soapConnector } from "./soap/index.ts";

/** Connector plug-ins by the `type` stored on each Connector row. */
export const connectorTypes: Record<string, ConnectorDefinition> = {
  [scim2Connector.type]: scim2Connector,
  [scim11Connector.type]: scim11Connector,
  [soapConnector.type]: soapConnector,
};

export function connectorDefinition(type: string): ConnectorDefinition {
  const definition = Object.hasOwn(connectorTypes, type) ? connectorTypes[type] : undefined;
  if (!definition) throw new Error(`Unknown connector type "${type}"; known types: ${Object.keys(connectorTypes).join(", ")}`);
  return definition;
}
