import * as client from "openid-client";
import { cacheOf } from "../db/instance-state.ts";
import type { SqlExecutor } from "../db/sql.ts";
import type { OidcAuthenticator } from "./settings.ts";

/**
 * The OpenID Connect relying party of a connection, on openid-client: discovery or configured endpoints, the
 * authorization request with state, nonce and PKCE, and the code exchange, which verifies the ID token
 * (signature from the JWKS, issuer, audience, expiry, nonce) before any claim is used.
 */

const DISCOVERY_TTL_MS = 5 * 60 * 1000;
const REQUEST_TIMEOUT_S = 10;

export class FederationError extends Error {
  constructor(
    /** what the user is told, and the log's reason */
    readonly reason:
      | "not_configured"
      | "idp_unreachable"
      | "idp_error"
      | "state_mismatch"
      | "token_rejected"
      | "invalid_id_token"
      | "missing_subject"
      | "missing_claim"
      | "no_account"
      | "user_name_taken"
      | "account_disabled"
      | "provisioning_failed"
      | "expired",
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "FederationError";
  }
}

const configurations = (exec: SqlExecutor) => cacheOf(exec.state, "federation-oidc-configurations", () => new Map<string, { at: number; config: Promise<client.Configuration> }>());

async function build(settings: OidcAuthenticator, clientSecret: string | undefined): Promise<client.Configuration> {
  const auth = settings.tokenEndpointAuthMethod === "client_secret_post" ? client.ClientSecretPost(clientSecret) : client.ClientSecretBasic(clientSecret);
  const insecure = [settings.discoveryUrl, settings.issuer, settings.tokenEndpoint, settings.jwksUri].some((u) => u?.startsWith("http:"));
  // administrators point connections at http://127.0.0.1 in test set-ups and behind TLS-terminating proxies;
  // the ID token's signature is checked in every case, so a plain-http hop cannot forge an identity
  const execute = [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])];
  let config: client.Configuration;
  if (settings.discoveryUrl) {
    config = await client.discovery(new URL(settings.discoveryUrl), settings.clientId, undefined, auth, { execute, timeout: REQUEST_TIMEOUT_S });
    const { supportsPKCE: _helper, ...discovered } = config.serverMetadata();
    const merged: client.ServerMetadata = {
      ...discovered,
      ...(settings.issuer ? { issuer: settings.issuer } : {}),
      ...(settings.authorizationEndpoint ? { authorization_endpoint: settings.authorizationEndpoint } : {}),
      ...(settings.tokenEndpoint ? { token_endpoint: settings.tokenEndpoint } : {}),
      ...(settings.userinfoEndpoint ? { userinfo_endpoint: settings.userinfoEndpoint } : {}),
      ...(settings.jwksUri ? { jwks_uri: settings.jwksUri } : {}),
    };
    config = new client.Configuration(merged, settings.clientId, undefined, auth);
  } else {
    if (!settings.issuer || !settings.authorizationEndpoint || !settings.tokenEndpoint || !settings.jwksUri) {
      throw new FederationError("not_configured", "The connection's OpenID Connect settings are incomplete: set a discovery URL, or the issuer, authorization, token and JWKS endpoints.");
    }
    config = new client.Configuration(
      {
        issuer: settings.issuer,
        authorization_endpoint: settings.authorizationEndpoint,
        token_endpoint: settings.tokenEndpoint,
        ...(settings.userinfoEndpoint ? { userinfo_endpoint: settings.userinfoEndpoint } : {}),
        jwks_uri: settings.jwksUri,
      },
      settings.clientId,
      undefined,
      auth,
    );
  }
  for (const step of execute) step(config);
  config.timeout = REQUEST_TIMEOUT_S;
  return config;
}

/** The relying party for these settings; discovery documents are reused for a few minutes. */
export function relyingParty(exec: SqlExecutor, connectionId: string, settings: OidcAuthenticator, clientSecret: string | undefined, now = Date.now()): Promise<client.Configuration> {
  const cache = configurations(exec);
  const key = `${connectionId}\n${JSON.stringify(settings)}\n${clientSecret ?? ""}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < DISCOVERY_TTL_MS) return hit.config;
  for (const k of cache.keys()) if (k.startsWith(`${connectionId}\n`)) cache.delete(k);
  const config = build(settings, clientSecret).catch((err) => {
    cache.delete(key);
    if (err instanceof FederationError) throw err;
    throw new FederationError("idp_unreachable", "The identity provider could not be reached.", (err as Error).message);
  });
  cache.set(key, { at: now, config });
  return config;
}

export interface AuthorizationStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function startAuthorization(config: client.Configuration, settings: OidcAuthenticator, redirectUri: string): Promise<AuthorizationStart> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: settings.scopes,
    response_type: "code",
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Exchanges the code of the callback URL and returns the verified ID token's claims merged with the userinfo
 * response's (the ID token's win where both have a claim; userinfo must name the same subject).
 */
export async function finishAuthorization(config: client.Configuration, callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<Record<string, unknown>> {
  const idpError = callbackUrl.searchParams.get("error");
  if (idpError) {
    const description = callbackUrl.searchParams.get("error_description");
    throw new FederationError("idp_error", `The identity provider answered "${idpError}"${description ? `: ${description}` : ""}.`, idpError);
  }
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    throw classify(err);
  }
  const idToken = tokens.claims();
  if (!idToken) throw new FederationError("invalid_id_token", "The identity provider sent no ID token.");
  let userinfo: Record<string, unknown> = {};
  if (config.serverMetadata().userinfo_endpoint) {
    try {
      userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
    } catch (err) {
      throw classify(err);
    }
  }
  return { ...userinfo, ...idToken };
}

/** openid-client's failures, as what they mean to the person signing in. */
function classify(err: unknown): FederationError {
  const e = err as { name?: string; code?: string; message?: string; error?: string; error_description?: string; cause?: unknown };
  const detail = `${e.code ?? e.name ?? "error"}: ${e.message ?? ""}`;
  if (e.cause instanceof Response && e.cause.status >= 500)
    return new FederationError("idp_unreachable", "The identity provider failed to answer. Try again later.", `${detail} (HTTP ${e.cause.status})`);
  if (e.error) return new FederationError("token_rejected", `The identity provider refused the sign-in ("${e.error}"${e.error_description ? `: ${e.error_description}` : ""}).`, detail);
  if (
    e.code === "OAUTH_JWT_CLAIM_COMPARISON_FAILED" ||
    e.code === "OAUTH_JWS_SIGNATURE_VERIFICATION_FAILED" ||
    e.code === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED" ||
    e.code === "OAUTH_INVALID_RESPONSE" ||
    e.code === "OAUTH_UNSUPPORTED_OPERATION" ||
    e.code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED" ||
    e.code === "OAUTH_KEY_SELECTION_FAILED" ||
    e.code === "OAUTH_MISSING_SERVER_METADATA"
  ) {
    return new FederationError("invalid_id_token", "The identity provider's answer did not pass verification (signature, issuer, audience, expiry or nonce).", detail);
  }
  if (e.name === "TypeError" || e.name === "AbortError" || e.name === "TimeoutError" || e.code === "ECONNREFUSED") {
    return new FederationError("idp_unreachable", "The identity provider could not be reached.", detail);
  }
  return new FederationError("invalid_id_token", "The identity provider's answer could not be used.", detail);
}
