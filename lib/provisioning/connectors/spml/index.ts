import type { ConnectorDefinition } from "../types.ts";
import { parseConfig } from "../scim2/index.ts";
import { SpmlClient, type SpmlClientDeps } from "./client.ts";
import { spmlConfigSchema, spmlSecretFields, type SpmlConfig } from "./config.ts";

export function createSpmlConnector(config: SpmlConfig, deps: SpmlClientDeps = {}) {
  return new SpmlClient(parseConfig(spmlConfigSchema, config, "SPML 2.0"), deps);
}

export const spmlConnector: ConnectorDefinition<SpmlConfig> = {
  type: "spml",
  label: "SPML 2.0",
  configSchema: spmlConfigSchema,
  secretFields: spmlSecretFields,
  create: (config) => createSpmlConnector(config),
  // the DSMLv2 profile has no password attribute of its own (SPML's password capability is not used): none is sent
  passwordProvisioning: () => ({ enabled: false }),
};

export { spmlConfigSchema, spmlSecretFields, type SpmlConfig } from "./config.ts";
export { SpmlClient, GROUPS_UNSUPPORTED } from "./client.ts";
