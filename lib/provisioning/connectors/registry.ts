import type { ConnectorDefinition } from "./types.ts";
import { scim2Connector } from "./scim2/index.ts";
import { scim11Connector } from "./scim11/index.ts";
import { spmlConnector } from "./spml/index.ts";
import { googleConnector } from "./google/index.ts";
import { salesforceConnector } from "./salesforce/index.ts";
import { soapConnector } from "./soap/index.ts";

/** Connector plug-ins by the `type` stored on each Connector row. */
export const connectorTypes: Record<string, ConnectorDefinition> = {
  [scim2Connector.type]: scim2Connector,
  [scim11Connector.type]: scim11Connector,
  [spmlConnector.type]: spmlConnector,
  [googleConnector.type]: googleConnector,
  [salesforceConnector.type]: salesforceConnector,
  [soapConnector.type]: soapConnector,
};

export function connectorDefinition(type: string): ConnectorDefinition {
  const definition = Object.hasOwn(connectorTypes, type) ? connectorTypes[type] : undefined;
  if (!definition) throw new Error(`Unknown connector type "${type}"; known types: ${Object.keys(connectorTypes).join(", ")}`);
  return definition;
}
