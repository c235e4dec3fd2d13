import { z } from "zod";
import { httpUrl, optional } from "../scim2/config.ts";

/** A form sends "" for a field it left empty: for a setting with a default, that means the default. */
function withDefault<T extends z.ZodType>(schema: T, value: z.input<T>) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.default(value as never));
}

const required = z.string({ error: "required" }).trim().min(1, "required");
const secret = z.string({ error: "required" }).min(1, "required");
const text = z.string().trim().min(1);

/** jsforce sends more than one member change in one request through the sObject Collections API (42.0). */
const MIN_API_VERSION = 42;

const apiVersion = z
  .string()
  .trim()
  .regex(/^\d{2,3}\.0$/, { message: 'must be an API version such as "59.0"', abort: true })
  .refine((v) => Number(v) >= MIN_API_VERSION, `must be ${MIN_API_VERSION}.0 or later`);

// 15 or 18 characters; every Profile id starts with the Profile key prefix 00e
const profileId = required.regex(/^00e[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/, "must be a Profile id: 15 or 18 characters starting with 00e");

const domainName = text.regex(/^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/, "must be a domain name such as example.com, without @");

/**
 * A Salesforce connector's settings: the OAuth 2.0 username-password sign-in of an integration user through a
 * connected app, the Profile and the defaults of the fields Salesforce requires of every new User, and how the
 * Username and Alias of a provisioned user are made.
 */
export const salesforceConfigSchema = z
  .object({
    loginUrl: withDefault(httpUrl, "https://login.salesforce.com"),
    clientId: required,
    clientSecret: secret,
    username: required,
    password: secret,
    // not needed when the org trusts the server's IP address range
    securityToken: optional(z.string().min(1)),
    apiVersion: withDefault(apiVersion, "59.0"),
    profileId,
    timeZoneSidKey: withDefault(text, "America/Los_Angeles"),
    localeSidKey: withDefault(text, "en_US"),
    emailEncodingKey: withDefault(text, "UTF-8"),
    languageLocaleKey: withDefault(text, "en_US"),
    aliasRule: withDefault(z.enum(["initialAndLastName", "userName"]), "initialAndLastName"),
    usernameSource: withDefault(z.enum(["email", "userNameAtDomain"]), "email"),
    usernameDomain: optional(domainName),
    freezeOnDelete: z.boolean().default(false),
    timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  })
  .superRefine((config, ctx) => {
    if (config.usernameSource === "userNameAtDomain" && config.usernameDomain === undefined) {
      ctx.addIssue({ code: "custom", path: ["usernameDomain"], message: "required when usernames are made from the user name and a domain" });
    }
  });

export type SalesforceConfig = z.output<typeof salesforceConfigSchema>;

/** Stored encrypted and never sent back to the browser. */
export const salesforceSecretFields = ["clientSecret", "password", "securityToken"] as const;
