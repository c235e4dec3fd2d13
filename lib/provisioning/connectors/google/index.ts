import type { ConnectorDefinition } from "../types.ts";
import { parseConfig } from "../scim2/index.ts";
import { GoogleWorkspaceClient } from "./client.ts";
import { googleConfigSchema, googleSecretFields, readServiceAccountKey, type GoogleConfig } from "./config.ts";

export function createGoogleConnector(config: GoogleConfig): GoogleWorkspaceClient {
  const parsed = parseConfig(googleConfigSchema, config, "Google Workspace");
  const read = readServiceAccountKey(parsed.serviceAccountKey);
  // the schema has checked the key already; this only narrows the type
  if (!("key" in read)) throw new Error(`service account key ${read.problem}`);
  return new GoogleWorkspaceClient(parsed, read.key);
}

export const googleConnector: ConnectorDefinition<GoogleConfig> = {
  type: "googleapps",
  label: "Google Workspace",
  configSchema: googleConfigSchema,
  secretFields: googleSecretFields,
  create: (config) => createGoogleConnector(config),
  passwordProvisioning: (config) => ({
    enabled: config.passwordProvisioning,
    ...(config.defaultPassword ? { defaultPassword: config.defaultPassword } : {}),
  }),
};

export { googleConfigSchema, googleSecretFields, type GoogleConfig } from "./config.ts";
export { GoogleWorkspaceClient } from "./client.ts";
