import { z } from "zod";

/**
 * A connection's federation settings: its OpenID Connect authenticator, how the identity provider's claims and
 * roles become local ones, and its Just-in-Time provisioning. Stored as one JSON document on the connection
 * (connection-federation.ts), the client secret sealed apart from it.
 */

const url = z.url({ protocol: /^https?$/, message: "Enter an http(s) URL" }).max(2048);
const optionalUrl = z.union([url, z.literal("").transform(() => undefined)]).optional();

export const oidcAuthenticatorSchema = z.object({
  enabled: z.boolean().default(true),
  clientId: z.string().trim().max(512).default(""),
  /** OpenID Provider metadata document; when set, the endpoints below come from it unless given */
  discoveryUrl: optionalUrl,
  issuer: z.string().trim().max(2048).default(""),
  authorizationEndpoint: optionalUrl,
  tokenEndpoint: optionalUrl,
  userinfoEndpoint: optionalUrl,
  jwksUri: optionalUrl,
  /** how Provisio authenticates at the token endpoint */
  tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]).default("client_secret_basic"),
  scopes: z
    .string()
    .trim()
    .max(1024)
    .default("openid profile email")
    .refine((s) => s.split(/\s+/).includes("openid"), "Scopes must include openid"),
});
export type OidcAuthenticator = z.output<typeof oidcAuthenticatorSchema>;

/** SCIM attribute paths a claim can fill (custom extension attributes: `urn:scim:schemas:extension:custom:User:<name>`) */
export const claimMappingSchema = z.object({
  idpClaim: z.string().trim().min(1, "Name the identity provider's claim").max(255),
  localAttribute: z.string().trim().min(1, "Choose a local attribute").max(512),
  /** the sign-in fails when the identity provider does not send this claim */
  required: z.boolean().default(false),
});

export const claimSettingsSchema = z.object({
  /** the claim that identifies the user at the identity provider: sub, preferred_username or email */
  subjectClaim: z.string().trim().min(1).max(255).default("sub"),
  /** the claim carrying the user's groups or roles at the identity provider, for role mapping */
  roleClaim: z.string().trim().max(255).default(""),
  mappings: z.array(claimMappingSchema).max(200).default([]),
});
export type ClaimSettings = z.output<typeof claimSettingsSchema>;

export const roleMappingSchema = z.object({
  idpRole: z.string().trim().min(1, "Name the identity provider's role or group").max(255),
  /** the local role's name */
  localRole: z.string().trim().min(1, "Choose a local role").max(255),
});
export type RoleMapping = z.output<typeof roleMappingSchema>;

export const JIT_SCHEMES = ["PROMPT_USERNAME_PASSWORD_CONSENT", "PROMPT_PASSWORD_CONSENT", "PROMPT_CONSENT", "PROVISION_SILENTLY"] as const;
export type JitScheme = (typeof JIT_SCHEMES)[number];
export const ATTRIBUTE_SYNC_METHODS = ["OVERRIDE_ALL", "PRESERVE_LOCAL", "NONE"] as const;
export type AttributeSyncMethod = (typeof ATTRIBUTE_SYNC_METHODS)[number];

export const jitSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  scheme: z.enum(JIT_SCHEMES).default("PROVISION_SILENTLY"),
  /** user store domain the new users land in */
  userStore: z.string().trim().min(1).max(64).default("PRIMARY"),
  /** link an existing local user with the same verified email, or exactly the same user name */
  associateLocalUser: z.boolean().default(false),
  /** on later sign-ins: the identity provider's values replace local ones, fill only empty ones, or are ignored */
  attributeSync: z.enum(ATTRIBUTE_SYNC_METHODS).default("OVERRIDE_ALL"),
  /** local attributes that keep their local value whatever attributeSync says */
  syncExceptions: z.array(z.string().trim().min(1).max(512)).max(200).default([]),
  /** when provisioning fails: end the sign-in with a page that says why, or sign a linked user in without the update */
  onFailure: z.enum(["FAIL", "CONTINUE"]).default("FAIL"),
});
export type JitSettings = z.output<typeof jitSettingsSchema>;

export const federationSchema = z.object({
  oidc: oidcAuthenticatorSchema.nullable().default(null),
  claims: claimSettingsSchema.default(claimSettingsSchema.parse({})),
  roles: z.object({ mappings: z.array(roleMappingSchema).max(500).default([]) }).default({ mappings: [] }),
  jit: jitSettingsSchema.default(jitSettingsSchema.parse({})),
});
export type Federation = z.output<typeof federationSchema>;
export type FederationInput = z.input<typeof federationSchema>;

/** A stored document read back: settings written by older versions get today's defaults. */
export function parseFederation(json: string): Federation {
  const parsed = federationSchema.safeParse(JSON.parse(json || "{}"));
  return parsed.success ? parsed.data : federationSchema.parse({});
}

/** The callback URL to register at the identity provider: WSO2's, so its tutorials read the same. */
export function callbackUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/$/, "")}/commonauth`;
}
