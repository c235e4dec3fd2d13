import { z } from "zod";

/** Forms submit "" for a field left empty; that means "not set", not an invalid value. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
}

export const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  // fetch refuses URLs with credentials, and they would end up in the provisioning log
  .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), "must not contain a user name or password; use the authentication settings");

export const text = z.string().trim().min(1);

/**
 * Fields shared by the SCIM 2.0 and SCIM 1.1 connectors; they follow WSO2's outbound SCIM connector settings
 * (user and group endpoints, basic credentials, user store domain, password provisioning, default password).
 */
export const scimConnectionFields = {
  userEndpoint: httpUrl,
  groupEndpoint: httpUrl,
  authType: z.enum(["basic", "bearer"]),
  username: optional(text),
  password: optional(z.string().min(1)),
  tokenEndpoint: optional(httpUrl),
  clientId: optional(text),
  clientSecret: optional(z.string().min(1)),
  scope: optional(text),
  userStoreDomain: optional(text.refine((d) => !d.includes("/"), 'must be a domain name without "/"')),
  stripLocalDomain: z.boolean().default(true),
  passwordProvisioning: z.boolean().default(false),
  defaultPassword: optional(z.string().min(1)),
  timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
};

/** Fields stored encrypted and never sent back to the browser. */
export const scimSecretFields = ["password", "clientSecret", "defaultPassword"] as const;

export interface ScimAuthSettings {
  authType: "basic" | "bearer";
  username?: string | undefined;
  password?: string | undefined;
  tokenEndpoint?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

export function checkAuthSettings(config: ScimAuthSettings, ctx: z.RefinementCtx) {
  const require = (field: keyof ScimAuthSettings, why: string) => {
    if (config[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: `required ${why}` });
  };
  if (config.authType === "basic") {
    require("username", "for basic authentication");
    require("password", "for basic authentication");
  } else {
    require("tokenEndpoint", "for bearer (OAuth 2.0 client credentials) authentication");
    require("clientId", "for bearer (OAuth 2.0 client credentials) authentication");
    require("clientSecret", "for bearer (OAuth 2.0 client credentials) authentication");
  }
}

export const scim2ConfigSchema = z
  .object({
    ...scimConnectionFields,
    /** the most members one request may add or remove: large groups are created and changed in chunks of this size */
    maxMembersPerRequest: z.number().int().min(1).max(100_000).default(1000),
  })
  .superRefine(checkAuthSettings);

export type Scim2Config = z.output<typeof scim2ConfigSchema>;

export const scim2SecretFields = scimSecretFields;
