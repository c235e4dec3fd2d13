import { z } from "zod";
import { applicationInputSchema, GRANT_TYPES, inboundInputSchema, loginFlowSchema, OIDC_SCOPES } from "../../identity/applications.ts";
import { PERMISSIONS } from "../../identity/permissions.ts";
import { describeFields, described, listed, named } from "./documentation.ts";
import { instant } from "./json-values.ts";
import { patchOf } from "./patch.ts";

const fields = applicationInputSchema.in.shape;

describeFields(fields, {
  name: "Unique, compared without regard to case",
  kind: "m2m: a service calling the APIs with its own credentials; web: an application signing users in",
  redirectUris: "Absolute http(s) URLs without a fragment; required when the authorization code grant is used",
  postLogoutRedirectUris: "Absolute http(s) URLs without a fragment",
  grantTypes: "Defaults to client_credentials for m2m, authorization_code and refresh_token for web. refresh_token needs authorization_code.",
  scopes: "OIDC scopes and the permissions the application may be granted",
  accessTokenLifetime: "Seconds",
  accessTokenSigningAlg: "JWS algorithm of the access tokens issued to the application (ES256 on P-256 by default, or RS256)",
  idTokenSignedResponseAlg: "JWS algorithm of the ID tokens issued to the application (RS256, OpenID Connect's default, or ES256)",
});
// the store checks scopes in a refinement, so its message can name the unknown one; the document lists them
listed(fields.scopes.removeDefault().element, [...OIDC_SCOPES, ...PERMISSIONS]);

export const applicationInput = named("ApplicationInput", applicationInputSchema);

export const applicationPatch = named("ApplicationPatch", patchOf(fields), "Only the fields to change; the result is validated as a whole, like ApplicationInput");

export const inboundProvisioningInput = named("InboundProvisioningInput", inboundInputSchema);
describeFields(inboundInputSchema.shape, {
  userStore: "The user store domain users and groups created without a domain prefix go to, in any case",
  proxyMode: "Do not persist users locally; only provision them to outbound connections",
});

export const inboundProvisioning = named(
  "InboundProvisioning",
  z.strictObject({
    userStore: described(z.string(), "The user store domain, in upper case"),
    proxyMode: z.boolean(),
  }),
  "Applies to SCIM requests made with the application's access tokens (the resident application's: with HTTP Basic)",
);

describeFields(loginFlowSchema.shape, {
  local: "Offer the user name and password form",
  connections: 'Ids of the connections whose "Sign in with …" button is offered, in this order',
});
export const loginFlow = named("LoginFlow", z.strictObject({ local: z.boolean(), connections: z.array(z.string()) }), "The sign-in options offered to an application's users");
export const loginFlowInput = named("LoginFlowInput", z.object({ loginFlow: loginFlowSchema.nullable() }));
export const loginFlowSetting = named("LoginFlowSetting", z.strictObject({ loginFlow: loginFlow.nullable() }));

export const application = named(
  "Application",
  z.strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    kind: fields.kind.removeDefault(),
    clientId: described(z.string(), "The OAuth 2.0 client id"),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    grantTypes: z.array(z.enum(GRANT_TYPES)),
    scopes: z.array(z.string()),
    tokenEndpointAuthMethod: fields.tokenEndpointAuthMethod.removeDefault(),
    accessTokenLifetime: described(z.int(), "Seconds"),
    accessTokenSigningAlg: fields.accessTokenSigningAlg.removeDefault(),
    idTokenSignedResponseAlg: fields.idTokenSignedResponseAlg.removeDefault(),
    inbound: inboundProvisioning,
    loginFlow: described(loginFlow.nullable(), "The sign-in options offered to the application's users; null: the local form and every enabled federated connection"),
    tokensNotBefore: described(instant().nullable(), "Tokens issued before this instant are refused"),
    version: z.int(),
    createdAt: instant(),
    updatedAt: instant(),
  }),
  "An OAuth 2.0 / OpenID Connect application (service provider)",
);

export const applicationWithSecret = named(
  "ApplicationWithSecret",
  application.extend({ clientSecret: described(z.string(), "Returned only in this response; the server keeps a hash. Store it now.") }),
  "The application with its client secret, as created or regenerated",
);
