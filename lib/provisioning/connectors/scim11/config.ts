import { z } from "zod";
import { checkAuthSettings, scimConnectionFields, scimSecretFields } from "../scim2/config.ts";

/**
 * SCIM 1.1 has no agreed place for the enterprise attributes: the 1.1 schema puts them under
 * "urn:scim:schemas:extension:enterprise:1.0", WSO2 Identity Server 5.x under its configured extension
 * (commonly "wso2Extension"), and Provisio's own /wso2/scim surface reads the WSO2 "EnterpriseUser" alias. Sending
 * a key the target does not know makes it refuse the whole user, so they are only sent under a key named here.
 */
const extensionKey = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_.:-]*$/, "must be an attribute name or schema URN")
    .optional(),
);

export const scim11ConfigSchema = z.object({ ...scimConnectionFields, enterpriseExtensionKey: extensionKey }).superRefine(checkAuthSettings);

export type Scim11Config = z.output<typeof scim11ConfigSchema>;

export const scim11SecretFields = scimSecretFields;
