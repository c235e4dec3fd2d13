import { z } from "zod";
import { ATTRIBUTE_SYNC_METHODS, JIT_SCHEMES } from "../../federation/settings.ts";
import { described, named } from "./documentation.ts";

/**
 * A connection's federated sign-in and JIT settings in the shape of WSO2 IS 7's identity-providers API, so
 * scripts written for it port: the OpenID Connect authenticator as key/value properties, claims and roles as
 * mapping lists, JIT under provisioning.
 */

/** "OpenIDConnectAuthenticator" in base64url without padding: WSO2's id of the authenticator */
export const OIDC_AUTHENTICATOR_ID = "T3BlbklEQ29ubmVjdEF1dGhlbnRpY2F0b3I";
export const OIDC_AUTHENTICATOR_NAME = "OpenIDConnectAuthenticator";

/** The property keys, WSO2's where it has one */
export const OIDC_PROPERTY_KEYS = {
  clientId: "ClientId",
  clientSecret: "ClientSecret",
  authorizationEndpoint: "OAuth2AuthzEPUrl",
  tokenEndpoint: "OAuth2TokenEPUrl",
  userinfoEndpoint: "UserInfoUrl",
  scopes: "Scopes",
  discoveryUrl: "DiscoveryUrl",
  tokenEndpointAuthMethod: "TokenEndpointAuthMethod",
  callbackUrl: "callbackUrl",
} as const;

const property = named("Property", z.object({ key: z.string().min(1).max(255), value: z.string().max(4096) }), "A setting as a key and a text value");

export const authenticatorInput = named(
  "FederatedAuthenticatorInput",
  z.object({
    authenticatorId: described(z.string().optional(), `${OIDC_AUTHENTICATOR_ID} (OpenIDConnectAuthenticator); the only federated authenticator`),
    isEnabled: described(z.boolean().default(true), "Offer sign-in through this authenticator"),
    isDefault: z.boolean().optional(),
    properties: described(
      z.array(property).max(100).default([]),
      'ClientId, ClientSecret (write-only: left out, the stored one stays), OAuth2AuthzEPUrl, OAuth2TokenEPUrl, UserInfoUrl, Scopes (space-separated, default "openid profile email"), DiscoveryUrl (fills the endpoints not given), TokenEndpointAuthMethod (client_secret_basic or client_secret_post). callbackUrl is read-only; other keys are ignored.',
    ),
  }),
);

const jwksUriField = () => z.object({ jwksUri: z.string().trim().max(2048).optional() }).optional();
const issuerField = () => z.string().trim().max(2048).optional();

export const authenticatorPutInput = named(
  "FederatedAuthenticatorPutInput",
  authenticatorInput.extend({
    idpIssuerName: described(issuerField(), "The connection's issuer (its idpIssuerName), set with the authenticator; left out, it stays"),
    certificate: described(jwksUriField(), "The connection's JWKS URI (its certificate.jwksUri), set with the authenticator; left out, it stays"),
  }),
  "The OpenID Connect authenticator and, optionally, the connection-level issuer and JWKS URI its ID tokens are checked with",
);

export const authenticator = named(
  "FederatedAuthenticator",
  z.strictObject({
    authenticatorId: z.literal(OIDC_AUTHENTICATOR_ID),
    name: z.literal(OIDC_AUTHENTICATOR_NAME),
    isEnabled: z.boolean(),
    isDefault: z.boolean(),
    properties: described(z.array(z.strictObject({ key: z.string(), value: z.string() })), "The settings; ClientSecret is never returned"),
    clientSecretSet: described(z.boolean(), "Whether a client secret is stored"),
  }),
);

export const federatedAuthenticatorsInput = named(
  "FederatedAuthenticatorsInput",
  z.object({
    defaultAuthenticatorId: z.string().optional(),
    authenticators: z.array(authenticatorInput).max(5).default([]),
  }),
);

export const federatedAuthenticators = named(
  "FederatedAuthenticators",
  z.strictObject({ defaultAuthenticatorId: z.string().nullable(), authenticators: z.array(authenticator) }),
  "The connection's federated authenticators: none, or its OpenID Connect authenticator",
);

const claimUri = z.object({ uri: z.string().trim().max(512) });

export const claimsInput = named(
  "IdentityProviderClaimsInput",
  z.object({
    userIdClaim: described(claimUri.optional(), "The claim that identifies the user at the identity provider (default sub)"),
    roleClaim: described(claimUri.optional(), "The claim carrying the user's roles or groups at the identity provider, for role mapping"),
    mappings: described(
      z
        .array(z.object({ idpClaim: z.string().trim().min(1).max(255), localClaim: claimUri, required: described(z.boolean().default(false), "A sign-in without this claim fails") }))
        .max(200)
        .default([]),
      "Identity provider claim → local attribute, as a SCIM path: name.givenName, emails.value, urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department, urn:scim:schemas:extension:custom:User:<name>. Standard OpenID Connect claims are mapped by default.",
    ),
  }),
);

export const claims = named(
  "IdentityProviderClaims",
  z.strictObject({
    userIdClaim: z.strictObject({ uri: z.string() }),
    roleClaim: z.strictObject({ uri: z.string() }),
    mappings: z.array(z.strictObject({ idpClaim: z.string(), localClaim: z.strictObject({ uri: z.string() }), required: z.boolean() })),
  }),
);

export const rolesInput = named(
  "IdentityProviderRolesInput",
  z.object({
    mappings: described(
      z
        .array(z.object({ idpRole: z.string().trim().min(1).max(255), localRole: z.string().trim().min(1).max(255) }))
        .max(500)
        .default([]),
      "Identity provider role or group value → local role name; applied at every sign-in",
    ),
  }),
);

export const roles = named("IdentityProviderRoles", z.strictObject({ mappings: z.array(z.strictObject({ idpRole: z.string(), localRole: z.string() })) }));

export const jitInput = named(
  "JustInTimeProvisioningInput",
  z.object({
    isEnabled: z.boolean().default(false),
    scheme: described(z.enum(JIT_SCHEMES).default("PROVISION_SILENTLY"), "Which prompts a new user answers before the account is created"),
    userstore: described(z.string().trim().min(1).max(64).default("PRIMARY"), "The user store domain new users land in"),
    associateLocalUser: described(z.boolean().default(false), "Link an existing local user with the same verified email or exactly the same user name"),
    attributeSyncMethod: described(
      z.enum(ATTRIBUTE_SYNC_METHODS).default("OVERRIDE_ALL"),
      "On later sign-ins: the identity provider's values replace local ones, fill only empty ones, or are ignored",
    ),
    attributeSyncExceptions: described(z.array(z.string().trim().min(1).max(512)).max(200).default([]), "Local attributes that always keep their local value"),
    onFailure: described(z.enum(["FAIL", "CONTINUE"]).default("FAIL"), "When provisioning fails: end the sign-in, or sign a linked user in without the update"),
  }),
);

export const jit = named(
  "JustInTimeProvisioning",
  z.strictObject({
    isEnabled: z.boolean(),
    scheme: z.enum(JIT_SCHEMES),
    userstore: z.string(),
    associateLocalUser: z.boolean(),
    attributeSyncMethod: z.enum(ATTRIBUTE_SYNC_METHODS),
    attributeSyncExceptions: z.array(z.string()),
    onFailure: z.enum(["FAIL", "CONTINUE"]),
  }),
);

/** The federation parts of a connection, on its create request and in its detail */
export const federationInputParts = {
  federatedAuthenticators: federatedAuthenticatorsInput.optional(),
  certificate: described(jwksUriField(), "Where the identity provider's signing keys are published"),
  idpIssuerName: described(issuerField(), "The issuer the identity provider's ID tokens must name"),
  claims: claimsInput.optional(),
  roles: rolesInput.optional(),
  provisioning: z.object({ jit: jitInput.optional() }).optional(),
};

export const federationParts = {
  federatedAuthenticators,
  certificate: z.strictObject({ jwksUri: z.string() }),
  idpIssuerName: z.string(),
  claims,
  roles,
  provisioning: z.strictObject({ jit }),
  callbackUrl: described(z.string(), "The redirect URI to register at the identity provider"),
};
