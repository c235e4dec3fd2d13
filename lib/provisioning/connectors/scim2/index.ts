import type { z } from "zod";
import { ConnectorError, type ConnectorContext, type ConnectorDefinition } from "../types.ts";
import { Scim2Client, type ClientDeps } from "./client.ts";
import { scim2ConfigSchema, scim2SecretFields, type Scim2Config } from "./config.ts";

/** Settings arrive from storage; parsing again fills defaults and refuses what no longer validates. */
export function parseConfig<C>(schema: z.ZodType<C>, config: unknown, label: string): C {
  const parsed = schema.safeParse(config);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "settings"}: ${i.message}`).join("; ");
  throw new ConnectorError(`${label} connector settings are invalid: ${issues}`, { retryable: false });
}

export function createScim2Connector(config: Scim2Config, deps: ClientDeps = {}, context: ConnectorContext = {}) {
  return new Scim2Client(parseConfig(scim2ConfigSchema, config, "SCIM 2.0"), deps, context);
}

export const scim2Connector: ConnectorDefinition<Scim2Config> = {
  type: "scim2",
  label: "SCIM 2.0",
  configSchema: scim2ConfigSchema,
  secretFields: scim2SecretFields,
  create: (config, context) => createScim2Connector(config, {}, context),
  passwordProvisioning: (config) => ({
    enabled: config.passwordProvisioning,
    ...(config.defaultPassword ? { defaultPassword: config.defaultPassword } : {}),
  }),
};

export { scim2ConfigSchema, scim2SecretFields, type Scim2Config } from "./config.ts";
export { Scim2Client } from "./client.ts";
