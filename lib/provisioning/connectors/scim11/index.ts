import type { ConnectorDefinition } from "../types.ts";
import type { ClientDeps } from "../scim2/client.ts";
import { parseConfig } from "../scim2/index.ts";
import { Scim11Client } from "./client.ts";
import { scim11ConfigSchema, scim11SecretFields, type Scim11Config } from "./config.ts";

export function createScim11Connector(config: Scim11Config, deps: ClientDeps = {}) {
  return new Scim11Client(parseConfig(scim11ConfigSchema, config, "SCIM 1.1"), deps);
}

export const scim11Connector: ConnectorDefinition<Scim11Config> = {
  type: "scim11",
  label: "SCIM 1.1",
  configSchema: scim11ConfigSchema,
  secretFields: scim11SecretFields,
  create: (config) => createScim11Connector(config),
  passwordProvisioning: (config) => ({
    enabled: config.passwordProvisioning,
    ...(config.defaultPassword ? { defaultPassword: config.defaultPassword } : {}),
  }),
};

export { scim11ConfigSchema, scim11SecretFields, type Scim11Config } from "./config.ts";
export { Scim11Client } from "./client.ts";
