import { z } from "zod";
import { httpUrl, optional, text } from "../scim2/config.ts";
import { USER_SOURCE_NAMES, type UserSource } from "./sources.ts";

/**
 * DSMLv2's AttributeDescriptionValue: a name or OID with options ("cn", "2.5.4.3", "cn;lang-en"). The target
 * would refuse any other name, so the settings do first, with the name in the message.
 */
const ATTRIBUTE_NAME = /^(([0-2](\.[0-9]+)+)|([a-zA-Z][a-zA-Z0-9-]*))(;[a-zA-Z0-9-]+)*$/;

const sourceList = USER_SOURCE_NAMES.join(", ");

export const attributeMappingEntry = z.object({
  attribute: z
    .string()
    .trim()
    .regex(ATTRIBUTE_NAME, { error: (issue) => `"${String(issue.input)}" is not an LDAP attribute name` }),
  source: z.enum(USER_SOURCE_NAMES, { error: (issue) => `unknown source "${String(issue.input)}"; sources: ${sourceList}` }),
});

export type AttributeMapping = { attribute: string; source: UserSource }[];

/** WSO2's SPML connector sends an inetOrgPerson's usual attributes; these are its defaults here. */
export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = [
  { attribute: "uid", source: "userName" },
  { attribute: "cn", source: "commonName" },
  { attribute: "sn", source: "familyName" },
  { attribute: "givenName", source: "givenName" },
  { attribute: "mail", source: "email" },
  { attribute: "title", source: "title" },
  { attribute: "telephoneNumber", source: "phoneNumber" },
];

const attributeMapping = z
  .array(attributeMappingEntry)
  .min(1, "map at least one attribute")
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    for (const [i, { attribute }] of entries.entries()) {
      const key = attribute.toLowerCase();
      // the connector sends objectclass itself, from the object class setting
      if (key === "objectclass") ctx.addIssue({ code: "custom", path: [i, "attribute"], message: "objectclass comes from the object class setting; remove it from the mapping" });
      else if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "attribute"], message: `"${attribute}" is mapped twice` });
      seen.add(key);
    }
  })
  .default(DEFAULT_ATTRIBUTE_MAPPING);

/** One or more object classes, separated by commas or spaces ("inetOrgPerson", "inetOrgPerson, posixAccount"). */
const objectClasses = z
  .string()
  .trim()
  .default("inetOrgPerson")
  .pipe(
    z
      .string()
      .min(1, { error: "required", abort: true })
      .refine((v) => v.split(/[\s,]+/).every((c) => ATTRIBUTE_NAME.test(c)), "must be object class names separated by commas"),
  );

/**
 * An SPML 2.0 provider speaking the DSMLv2 profile, as WSO2's SPML outbound connector sets it up: the endpoint,
 * optional Basic credentials and the object class, plus the target ID and the attribute mapping that WSO2 takes
 * from the identity provider's claim configuration.
 */
export const spmlConfigSchema = z
  .object({
    endpoint: httpUrl,
    username: optional(text),
    password: optional(z.string().min(1)),
    targetId: text,
    objectClass: objectClasses,
    attributeMapping,
    searchUsers: z.boolean().default(true),
    timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  })
  .superRefine((config, ctx) => {
    // a username turns HTTP Basic on; without one the provider is called anonymously (a stored password then
    // stays unused, as a form cannot clear a secret it never shows)
    if (config.username !== undefined && config.password === undefined) ctx.addIssue({ code: "custom", path: ["password"], message: "required with a username" });
  });

export type SpmlConfig = z.output<typeof spmlConfigSchema>;

export const spmlSecretFields = ["password"] as const;

export const objectClassList = (config: Pick<SpmlConfig, "objectClass">) => config.objectClass.split(/[\s,]+/).filter(Boolean);
