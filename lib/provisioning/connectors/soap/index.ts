import type { ConnectorDefinition } from "../types.ts";
import { parseConfig } from "../scim2/index.ts";
import { SoapUserAdminClient, type SoapClientDeps } from "./client.ts";
import { soapConfigSchema, soapSecretFields, type SoapConfig } from "./config.ts";

export function createSoapConnector(config: SoapConfig, deps: SoapClientDeps = {}) {
  return new SoapUserAdminClient(parseConfig(soapConfigSchema, config, "SOAP"), deps);
}

export const soapConnector: ConnectorDefinition<SoapConfig> = {
  type: "soap",
  label: "SOAP (WSO2 user admin service)",
  configSchema: soapConfigSchema,
  secretFields: soapSecretFields,
  create: (config) => createSoapConnector(config),
  passwordProvisioning: (config) => ({
    enabled: config.passwordProvisioning,
    ...(config.defaultPassword ? { defaultPassword: config.defaultPassword } : {}),
  }),
};

export { soapConfigSchema, soapSecretFields, type SoapConfig } from "./config.ts";
export { SoapUserAdminClient } from "./client.ts";
