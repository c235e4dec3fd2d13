import type { ConnectorDefinition } from "../types.ts";
import { parseConfig } from "../scim2/index.ts";
import { SalesforceClient } from "./client.ts";
import { salesforceConfigSchema, salesforceSecretFields, type SalesforceConfig } from "./config.ts";

export function createSalesforceConnector(config: SalesforceConfig) {
  return new SalesforceClient(parseConfig(salesforceConfigSchema, config, "Salesforce"));
}

export const salesforceConnector: ConnectorDefinition<SalesforceConfig> = {
  type: "salesforce",
  label: "Salesforce",
  configSchema: salesforceConfigSchema,
  secretFields: salesforceSecretFields,
  create: (config) => createSalesforceConnector(config),
  // a Salesforce user's password is set by a call of its own and, usually, by the user through Salesforce's email
  passwordProvisioning: () => ({ enabled: false }),
};

export { salesforceConfigSchema, salesforceSecretFields, type SalesforceConfig } from "./config.ts";
export { SalesforceClient } from "./client.ts";
