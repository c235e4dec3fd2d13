import type { z } from "zod";
import type { Sql, SqlExecutor } from "../db/sql.ts";
import type { Actor } from "../identity/audit.ts";
import { listCustomAttributes } from "../identity/custom-attributes.ts";
import { IdentityError } from "../identity/errors.ts";
import { roleIdsByNames } from "../identity/roles/roles.ts";
import { findStore } from "../identity/user-stores.ts";
import { mappableAttributes } from "../federation/claim-mapping.ts";
import { readFederation, saveFederation, type FederationView } from "../federation/connection-federation.ts";
import { callbackUrl, type Federation, type FederationInput, type OidcAuthenticator } from "../federation/settings.ts";
import {
  OIDC_AUTHENTICATOR_ID,
  OIDC_AUTHENTICATOR_NAME,
  OIDC_PROPERTY_KEYS as KEYS,
  type authenticatorInput,
  type claimsInput,
  type federationInputParts,
  type federationParts,
  type jitInput,
  type rolesInput,
} from "./schemas/federation.ts";

/**
 * A connection's federation settings in and out of WSO2 IS 7's identity-providers shapes (schemas/federation.ts).
 * Every input is checked against the store before anything is saved: an unknown local attribute, role or user
 * store is a 400 that names it.
 */

type Parts = { [K in keyof typeof federationParts]: z.output<(typeof federationParts)[K]> };
type InputParts = { [K in keyof typeof federationInputParts]?: z.output<(typeof federationInputParts)[K]> };

export function authenticatorsOf(view: FederationView, baseUrl: string): Parts["federatedAuthenticators"] {
  const oidc = view.settings.oidc;
  if (!oidc) return { defaultAuthenticatorId: null, authenticators: [] };
  const properties = [
    { key: KEYS.clientId, value: oidc.clientId },
    { key: KEYS.authorizationEndpoint, value: oidc.authorizationEndpoint ?? "" },
    { key: KEYS.tokenEndpoint, value: oidc.tokenEndpoint ?? "" },
    { key: KEYS.userinfoEndpoint, value: oidc.userinfoEndpoint ?? "" },
    { key: KEYS.scopes, value: oidc.scopes },
    { key: KEYS.discoveryUrl, value: oidc.discoveryUrl ?? "" },
    { key: KEYS.tokenEndpointAuthMethod, value: oidc.tokenEndpointAuthMethod },
    { key: KEYS.callbackUrl, value: callbackUrl(baseUrl) },
  ];
  return {
    defaultAuthenticatorId: OIDC_AUTHENTICATOR_ID,
    authenticators: [{ authenticatorId: OIDC_AUTHENTICATOR_ID, name: OIDC_AUTHENTICATOR_NAME, isEnabled: oidc.enabled, isDefault: true, properties, clientSecretSet: view.clientSecretSet }],
  };
}

export const claimsOf = (settings: Federation): Parts["claims"] => ({
  userIdClaim: { uri: settings.claims.subjectClaim },
  roleClaim: { uri: settings.claims.roleClaim },
  mappings: settings.claims.mappings.map((m) => ({ idpClaim: m.idpClaim, localClaim: { uri: m.localAttribute }, required: m.required })),
});

export const rolesOf = (settings: Federation): Parts["roles"] => ({ mappings: settings.roles.mappings.map(({ idpRole, localRole }) => ({ idpRole, localRole })) });

export const jitOf = (settings: Federation): Parts["provisioning"]["jit"] => ({
  isEnabled: settings.jit.enabled,
  scheme: settings.jit.scheme,
  userstore: settings.jit.userStore,
  associateLocalUser: settings.jit.associateLocalUser,
  attributeSyncMethod: settings.jit.attributeSync,
  attributeSyncExceptions: settings.jit.syncExceptions,
  onFailure: settings.jit.onFailure,
});

/** Everything a connection's detail adds to its general settings. */
export function federationDetail(view: FederationView, baseUrl: string): Parts {
  return {
    federatedAuthenticators: authenticatorsOf(view, baseUrl),
    certificate: { jwksUri: view.settings.oidc?.jwksUri ?? "" },
    idpIssuerName: view.settings.oidc?.issuer ?? "",
    claims: claimsOf(view.settings),
    roles: rolesOf(view.settings),
    provisioning: { jit: jitOf(view.settings) },
    callbackUrl: callbackUrl(baseUrl),
  };
}

type AuthenticatorInput = z.output<typeof authenticatorInput>;

/** The OpenID Connect settings an authenticator input asks for, on top of the current ones; the secret apart. */
function oidcFrom(current: OidcAuthenticator | null, input: AuthenticatorInput | undefined, extra: { jwksUri?: string; issuer?: string }): { oidc: Partial<OidcAuthenticator>; clientSecret?: string } {
  if (input?.authenticatorId !== undefined && input.authenticatorId !== OIDC_AUTHENTICATOR_ID && input.authenticatorId !== OIDC_AUTHENTICATOR_NAME) {
    throw IdentityError.invalid(`Unknown federated authenticator "${input.authenticatorId}"; the OpenID Connect authenticator is ${OIDC_AUTHENTICATOR_ID}`, "authenticatorId");
  }
  const props = new Map((input?.properties ?? []).map((p) => [p.key, p.value]));
  const take = (key: string, now: string | undefined) => (input ? (props.get(key) ?? "") : (now ?? ""));
  const oidc: Partial<OidcAuthenticator> = {
    ...(current ?? {}),
    enabled: input ? input.isEnabled : (current?.enabled ?? true),
    clientId: take(KEYS.clientId, current?.clientId),
    authorizationEndpoint: take(KEYS.authorizationEndpoint, current?.authorizationEndpoint) || undefined,
    tokenEndpoint: take(KEYS.tokenEndpoint, current?.tokenEndpoint) || undefined,
    userinfoEndpoint: take(KEYS.userinfoEndpoint, current?.userinfoEndpoint) || undefined,
    discoveryUrl: take(KEYS.discoveryUrl, current?.discoveryUrl) || undefined,
    scopes: take(KEYS.scopes, current?.scopes) || "openid profile email",
    tokenEndpointAuthMethod: (take(KEYS.tokenEndpointAuthMethod, current?.tokenEndpointAuthMethod) || "client_secret_basic") as OidcAuthenticator["tokenEndpointAuthMethod"],
    ...(extra.jwksUri !== undefined ? { jwksUri: extra.jwksUri || undefined } : {}),
    ...(extra.issuer !== undefined ? { issuer: extra.issuer } : {}),
  };
  const secret = props.get(KEYS.clientSecret);
  return { oidc, ...(secret ? { clientSecret: secret } : {}) };
}

async function checkClaims(exec: SqlExecutor, input: z.output<typeof claimsInput>): Promise<FederationInput["claims"]> {
  const allowed = new Set(mappableAttributes((await listCustomAttributes(exec)).map((a) => a.name)));
  const unknown = input.mappings.find((m) => !allowed.has(m.localClaim.uri));
  if (unknown) throw IdentityError.invalid(`"${unknown.localClaim.uri}" is not a local attribute a claim can be mapped to`, "claims.mappings");
  return {
    subjectClaim: input.userIdClaim?.uri || "sub",
    roleClaim: input.roleClaim?.uri ?? "",
    mappings: input.mappings.map((m) => ({ idpClaim: m.idpClaim, localAttribute: m.localClaim.uri, required: m.required })),
  };
}

async function checkRoles(exec: SqlExecutor, input: z.output<typeof rolesInput>): Promise<FederationInput["roles"]> {
  const found = await roleIdsByNames(
    exec,
    input.mappings.map((m) => m.localRole),
  );
  const unknown = input.mappings.find((m) => !found.has(m.localRole.toLowerCase()));
  if (unknown) throw IdentityError.invalid(`Role "${unknown.localRole}" does not exist`, "roles.mappings");
  return { mappings: input.mappings };
}

async function checkJit(exec: SqlExecutor, input: z.output<typeof jitInput>): Promise<FederationInput["jit"]> {
  if (!(await findStore(exec, input.userstore.toUpperCase()))) throw IdentityError.invalid(`User store domain "${input.userstore}" does not exist`, "provisioning.jit.userstore");
  return {
    enabled: input.isEnabled,
    scheme: input.scheme,
    userStore: input.userstore.toUpperCase(),
    associateLocalUser: input.associateLocalUser,
    attributeSync: input.attributeSyncMethod,
    syncExceptions: input.attributeSyncExceptions,
    onFailure: input.onFailure,
  };
}

/** The settings a request's federation parts ask for, checked; nothing is saved here. */
export async function federationChange(exec: SqlExecutor, current: FederationView | undefined, parts: InputParts): Promise<{ patch: Partial<FederationInput>; clientSecret?: string }> {
  const patch: Partial<FederationInput> = {};
  let clientSecret: string | undefined;
  const authenticators = parts.federatedAuthenticators?.authenticators;
  if (authenticators && authenticators.length > 1) throw IdentityError.invalid("A connection has one federated authenticator: OpenID Connect", "federatedAuthenticators");
  const touchesOidc = authenticators !== undefined || parts.certificate?.jwksUri !== undefined || parts.idpIssuerName !== undefined;
  if (touchesOidc) {
    if (authenticators && authenticators.length === 0) patch.oidc = null;
    else {
      const built = oidcFrom(current?.settings.oidc ?? null, authenticators?.[0], { jwksUri: parts.certificate?.jwksUri, issuer: parts.idpIssuerName });
      patch.oidc = built.oidc as FederationInput["oidc"];
      clientSecret = built.clientSecret;
    }
  }
  if (parts.claims) patch.claims = await checkClaims(exec, parts.claims);
  if (parts.roles) patch.roles = await checkRoles(exec, parts.roles);
  if (parts.provisioning?.jit) patch.jit = await checkJit(exec, parts.provisioning.jit);
  return { patch, ...(clientSecret ? { clientSecret } : {}) };
}

/** Checks and saves the federation parts of a request; parts not sent stay as they are. */
export async function saveFederationParts(sql: Sql, connectionId: string, parts: InputParts, actor: Actor): Promise<FederationView> {
  const current = await readFederation(sql, connectionId);
  const { patch, clientSecret } = await federationChange(sql, current, parts);
  if (!Object.keys(patch).length) return current;
  return saveFederation(sql, connectionId, patch, clientSecret, actor);
}
