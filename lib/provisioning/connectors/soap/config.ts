import { z } from "zod";
import { scimConnectionFields } from "../scim2/config.ts";

/**
 * A remote RemoteUserStoreManagerService (WSO2 IS, or another Provisio) called with HTTP Basic: its URL, the
 * account, and the settings shared with the SCIM connectors (user store domain, passwords, timeout), validated
 * by the same rules.
 */
export const soapConfigSchema = z.object({
  serviceUrl: scimConnectionFields.userEndpoint,
  username: z.string().trim().min(1),
  password: z.string().min(1),
  userStoreDomain: scimConnectionFields.userStoreDomain,
  passwordProvisioning: scimConnectionFields.passwordProvisioning,
  defaultPassword: scimConnectionFields.defaultPassword,
  timeoutMs: scimConnectionFields.timeoutMs,
});

export type SoapConfig = z.output<typeof soapConfigSchema>;

/** Fields stored encrypted and never sent back to the browser. */
export const soapSecretFields = ["password", "defaultPassword"] as const;
