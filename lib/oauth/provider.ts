import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { createHash } from "node:crypto";
import type { Sql } from "../db/sql.ts";
import { PERMISSIONS } from "../identity/permissions.ts";
import { OIDC_SCOPES } from "../identity/applications.ts";
import { TOKEN_SIGNING_ALGS } from "../identity/token-signing-algs.ts";
import { clientSecretMatches } from "../crypto/crypto.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import { log } from "../log.ts";
import { adapterFactory } from "./adapter.ts";
import type { SigningKeyRecord } from "./keys.ts";
import { secretFingerprint, verifyAccessToken } from "./bearer.ts";
import { revokeTokenId } from "./revocations.ts";
import { settleClientCredentialsScope } from "./default-scope.ts";

export const OAUTH_PREFIX = "/oauth2";
export const scimResource = (baseUrl: string) => `${baseUrl}/scim2`;

const SCIM_SCOPES = new Set<string>(PERMISSIONS);

/**
 * Provisio's OAuth 2.0 / OpenID Connect provider (oidc-provider), endpoints under /oauth2 and the issuer at the
 * base URL. Access tokens for the SCIM API are RFC 9068 JWTs, so /scim2 verifies them without a database read.
 */
export function createProvider(options: { sql: Sql; baseUrl: string; secret: string; keys: SigningKeyRecord[] }): Provider {
  const { sql, baseUrl, secret, keys } = options;
  const tag = createHash("sha256").update(baseUrl).digest("hex").slice(0, 8);
  const activeKeys = [...keys.filter((k) => !k.retired), ...keys.filter((k) => k.retired)];

  const configuration: Configuration = {
    adapter: adapterFactory(sql),
    clients: [],
    jwks: { keys: activeKeys.map((k) => k.jwk) as never },
    cookies: {
      keys: [secret],
      names: { session: `provisio-${tag}.oidc-session`, interaction: `provisio-${tag}.oidc-interaction`, resume: `provisio-${tag}.oidc-resume` },
      long: { httpOnly: true, sameSite: "lax" },
      // oidc-provider scopes the interaction cookie to the page it redirects to (/signin, /consent); the forms
      // there post to /oauth2/interaction/…, which a browser would then reach without it. The resume cookie
      // still gets its own path, which oidc-provider sets after these options.
      short: { httpOnly: true, sameSite: "lax", path: `${OAUTH_PREFIX}/interaction` },
    },
    routes: {
      authorization: `${OAUTH_PREFIX}/authorize`,
      token: `${OAUTH_PREFIX}/token`,
      userinfo: `${OAUTH_PREFIX}/userinfo`,
      jwks: `${OAUTH_PREFIX}/jwks`,
      introspection: `${OAUTH_PREFIX}/introspect`,
      revocation: `${OAUTH_PREFIX}/revoke`,
      end_session: `${OAUTH_PREFIX}/logout`,
      pushed_authorization_request: `${OAUTH_PREFIX}/par`,
      code_verification: `${OAUTH_PREFIX}/device`,
      device_authorization: `${OAUTH_PREFIX}/device_authorization`,
      backchannel_authentication: `${OAUTH_PREFIX}/backchannel`,
      challenge: `${OAUTH_PREFIX}/challenge`,
    },
    scopes: [...OIDC_SCOPES, ...PERMISSIONS],
    claims: {
      openid: ["sub"],
      profile: ["name", "given_name", "family_name", "preferred_username", "updated_at"],
      email: ["email", "email_verified"],
    },
    pkce: { required: () => true },
    // Discovery advertises exactly what an application can use (OpenID Connect Discovery 1.0 section 3):
    // applications have the code flow only (no implicit or hybrid response types) and authenticate with their
    // secret, Basic or in the body (applications.ts offers nothing else).
    responseTypes: ["code"],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    // the algorithms the key set holds a key for (keys.ts), which an application chooses between
    enabledJWA: { idTokenSigningAlgValues: [...TOKEN_SIGNING_ALGS] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      // /scim2 takes Bearer tokens only and would not check a DPoP proof: a sender-constrained token must not be
      // offered. Pushed authorization requests are not part of what applications are configured for.
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // a request for SCIM permissions gets a token for the SCIM API without naming it; a pure sign-in
        // (openid, profile, ...) gets an opaque token for userinfo
        async defaultResource(ctx: KoaContextWithOIDC) {
          const requested = String(ctx.oidc.params?.scope ?? "").split(" ");
          return requested.some((s) => SCIM_SCOPES.has(s)) || ctx.oidc.params?.grant_type === "client_credentials" ? scimResource(baseUrl) : undefined;
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(ctx: KoaContextWithOIDC, resourceIndicator: string, client) {
          if (resourceIndicator !== scimResource(baseUrl)) throw new errors.InvalidTarget();
          settleClientCredentialsScope(ctx, SCIM_SCOPES);
          const metadata = client as unknown as Record<string, unknown>;
          const lifetime = Number(metadata["urn:provisio:access_token_lifetime"] ?? 900);
          const alg = metadata["urn:provisio:access_token_signing_alg"] === "RS256" ? "RS256" : "ES256";
          return { scope: PERMISSIONS.join(" "), audience: resourceIndicator, accessTokenTTL: lifetime, accessTokenFormat: "jwt", jwt: { sign: { alg } } };
        },
      },
    },
    extraClientMetadata: { properties: ["urn:provisio:application_id", "urn:provisio:access_token_lifetime", "urn:provisio:access_token_signing_alg"] },
    // the grant id travels in the JWT so revoking a grant (refresh token, sign-out) reaches its access tokens;
    // the secret fingerprint so regenerating the client secret ends the tokens issued under the old one
    async extraTokenClaims(ctx, token) {
      const grantId = (token as { grantId?: string }).grantId;
      const secretHash = ctx.oidc.client?.clientSecret;
      return { ...(grantId ? { gid: grantId } : {}), ...(secretHash ? { sv: secretFingerprint(secretHash) } : {}) };
    },
    async issueRefreshToken(_ctx, client, code) {
      return client.grantTypeAllowed("refresh_token") && (code as { scopes: Set<string> }).scopes.has("offline_access");
    },
    ttl: {
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 8 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
      AccessToken: (_ctx, _token, client) => Number((client as unknown as Record<string, unknown>)["urn:provisio:access_token_lifetime"] ?? 900),
      ClientCredentials: (_ctx, _token, client) => Number((client as unknown as Record<string, unknown>)["urn:provisio:access_token_lifetime"] ?? 900),
    },
    // fidp=<home realm id> on an authorization request goes straight to that connection's identity provider
    extraParams: ["fidp"],
    interactions: {
      async url(_ctx, interaction) {
        return interaction.prompt.name === "login" ? `/signin?interaction=${interaction.uid}` : `/consent?interaction=${interaction.uid}`;
      },
    },
    async findAccount(_ctx, sub) {
      const [user] = await loadUsers(sql, [sub]);
      if (!user || !user.active) return undefined;
      return {
        accountId: sub,
        async claims() {
          const email = user.emails.find((e) => e.primary) ?? user.emails[0];
          return {
            sub,
            preferred_username: user.userName,
            name: user.displayName ?? ([user.name.givenName, user.name.familyName].filter(Boolean).join(" ") || user.userName),
            given_name: user.name.givenName ?? undefined,
            family_name: user.name.familyName ?? undefined,
            updated_at: Math.floor(user.updatedAt.getTime() / 1000),
            ...(email?.value ? { email: email.value, email_verified: false } : {}),
          };
        },
      };
    },
    renderError(ctx, out) {
      ctx.type = "html";
      const safe = (s: unknown) => String(s ?? "").replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = `<!doctype html><html><head><title>Sign-in error</title></head><body style="font-family:system-ui;padding:2rem"><h1>Sign-in could not continue</h1><p><strong>${safe(out.error)}</strong>: ${safe(out.error_description)}</p></body></html>`;
    },
  };

  const provider = new Provider(baseUrl, configuration);
  // client secrets are stored as hashes: compare by hashing what the client presented
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret: string }, actual: string) {
    return Promise.resolve(clientSecretMatches(this.clientSecret, actual));
  } as never;

  // RFC 7009 revocation of a JWT access token: oidc-provider cannot revoke self-contained tokens, so the token id
  // goes on the revocation list the bearer check consults
  provider.use(async (ctx, next) => {
    let failure: unknown;
    try {
      await next();
    } catch (err) {
      failure = err;
    }
    const error = (failure as { error?: string } | undefined)?.error ?? (ctx.body as { error?: string } | undefined)?.error;
    const params = (ctx as KoaContextWithOIDC).oidc?.params as Record<string, string> | undefined;
    const client = (ctx as KoaContextWithOIDC).oidc?.client;
    if (ctx.path === `${OAUTH_PREFIX}/revoke` && error === "unsupported_token_type" && params?.token && client) {
      const claims = await verifyAccessToken(sql, baseUrl, params.token).catch(() => undefined);
      if (claims && claims.client_id === client.clientId && claims.jti) await revokeTokenId(sql, claims.jti);
      ctx.status = 200;
      ctx.body = "";
      return;
    }
    if (failure) throw failure;
  });
  provider.on("server_error", (_ctx, err) => log.error({ err: { message: err.message } }, "OAuth provider error"));
  return provider;
}
