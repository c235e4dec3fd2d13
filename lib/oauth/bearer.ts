import { createHash } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import type { Sql } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";
import { TOKEN_SIGNING_ALGS } from "../identity/token-signing-algs.ts";
import { permissionsOf } from "../identity/permissions.ts";
import type { InboundSettings } from "../identity/service-providers.ts";
import { credentialsEpoch } from "../identity/users/credential-changes.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import type { ScimPrincipal } from "../scim-server/auth.ts";
import { config } from "../env.ts";
import { resolveSecret } from "../crypto/secret.ts";
import { loadSigningKeys, publicJwk } from "./keys.ts";
import { isRevoked } from "./revocations.ts";
import { currentApplication } from "./current-application.ts";

export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope?: string;
  gid?: string;
  /** fingerprint of the client secret the token was issued under */
  sv?: string;
}

/**
 * Binds a token to the client secret in force when it was issued, so regenerating the secret ends exactly the
 * tokens issued before: `iat` has whole seconds only, and a comparison with the regeneration time would either
 * keep tokens from that second alive or refuse the first tokens issued with the new secret. Derived from the
 * stored hash of a random secret, it reveals nothing usable.
 */
export function secretFingerprint(clientSecretHash: string): string {
  return createHash("sha256").update(`provisio-token-secret-version:${clientSecretHash}`).digest("base64url").slice(0, 16);
}

interface KeySet {
  jwks?: ReturnType<typeof createLocalJWKSet>;
  kids: Set<string>;
  loadedAt: number;
}

/** Public keys in memory; reloaded when a token names a key not seen yet (rotation on another instance). */
async function keySet(sql: Sql, kid: string | undefined) {
  const keySet = cacheOf(sql.state, "bearer-keys", (): KeySet => ({ kids: new Set(), loadedAt: 0 }));
  const stale = kid !== undefined && !keySet.kids.has(kid) && Date.now() - keySet.loadedAt > 1_000;
  if (!keySet.jwks || stale) {
    const keys = await loadSigningKeys(sql, config().secret ?? resolveSecret(config().dataDir));
    keySet.jwks = createLocalJWKSet({ keys: keys.map((k) => publicJwk(k.jwk)) });
    keySet.kids = new Set(keys.map((k) => k.kid));
    keySet.loadedAt = Date.now();
  }
  return keySet.jwks;
}

// A signature check (RS256 above all) costs more than the rest of a SCIM read: a token verified once is remembered until it
// expires. Only the exact token string hits the cache, and revocation is still checked on every request.
const verifiedOf = (sql: Sql) => cacheOf(sql.state, "bearer-verified", () => new Map<string, AccessTokenClaims>());
const MAX_VERIFIED = 10_000;

/** RFC 9068 access token for the SCIM API: signature, issuer, audience, expiry and type, all in memory. */
export async function verifyAccessToken(sql: Sql, baseUrl: string, token: string): Promise<AccessTokenClaims> {
  const verified = verifiedOf(sql);
  const known = verified.get(token);
  if (known) {
    if ((known.exp ?? 0) * 1000 > Date.now()) return known;
    verified.delete(token);
  }
  const { kid } = decodeProtectedHeader(token);
  const { payload } = await jwtVerify(token, await keySet(sql, kid), { issuer: baseUrl, audience: `${baseUrl}/scim2`, typ: "at+jwt", algorithms: [...TOKEN_SIGNING_ALGS] });
  if (typeof payload.client_id !== "string") throw new Error("access token without client_id");
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(token, payload as AccessTokenClaims);
  return payload as AccessTokenClaims;
}

const userCacheOf = (sql: Sql) => cacheOf(sql.state, "bearer-users", () => new Map<string, { at: number; epoch: number; userName: string; active: boolean; permissions: Set<string> }>());
const USER_TTL_MS = 3_000;

/** A deactivation, deletion or lock made in this process applies at once; one made elsewhere within USER_TTL_MS. */
async function tokenUser(sql: Sql, userId: string) {
  const userCache = userCacheOf(sql);
  const hit = userCache.get(userId);
  if (hit && Date.now() - hit.at < USER_TTL_MS && hit.epoch === credentialsEpoch(sql)) return hit;
  const epoch = credentialsEpoch(sql);
  const [user] = await loadUsers(sql, [userId]);
  const entry = { at: Date.now(), epoch, userName: user?.userName ?? "", active: Boolean(user?.active && !user.locked), permissions: user ? await permissionsOf(sql, userId) : new Set<string>() };
  userCache.set(userId, entry);
  return entry;
}

/**
 * Turns a bearer token into the SCIM principal: the application that owns the client id decides the inbound
 * settings; the token's scopes are the permissions, as far as the application is still configured for them (for
 * a token issued to a user, only those the user also holds). A revocation applies at once on the instance that
 * received it and within seconds on the others; a regenerated secret, a deleted application or a change to its
 * scopes, grant types or inbound settings applies at once everywhere.
 */
export async function bearerPrincipal(sql: Sql, baseUrl: string, token: string): Promise<ScimPrincipal | undefined> {
  let claims: AccessTokenClaims;
  try {
    claims = await verifyAccessToken(sql, baseUrl, token);
  } catch {
    return undefined;
  }
  const revocationKeys = [`jti:${claims.jti}`, ...(claims.gid ? [`grant:${claims.gid}`] : [])];
  if (await isRevoked(sql, revocationKeys)) return undefined;
  const app = await currentApplication(sql, claims.client_id);
  if (!app || app.kind === "resident") return undefined;
  if (typeof claims.sv === "string") {
    if (claims.sv !== secretFingerprint(app.clientSecretHash)) return undefined;
  } else if (app.tokensNotBefore && (claims.iat ?? 0) * 1000 < app.tokensNotBefore.getTime()) {
    return undefined;
  }
  const isUserToken = typeof claims.sub === "string" && claims.sub !== claims.client_id;
  // a grant type withdrawn from the application ends the tokens it issued
  if (!app.grantTypes.includes(isUserToken ? "authorization_code" : "client_credentials")) return undefined;
  const serviceProvider: InboundSettings = { serviceProviderId: app.id, name: app.name, userStore: app.inbound.userStore, proxyMode: app.inbound.proxyMode };
  const configured = new Set(app.scopes);
  const scopes = new Set(
    String(claims.scope ?? "")
      .split(" ")
      .filter((s) => s && configured.has(s)),
  );
  if (isUserToken) {
    const user = await tokenUser(sql, claims.sub!);
    if (!user.active) return undefined;
    const permissions = new Set([...scopes].filter((s) => user.permissions.has(s)));
    return { userId: claims.sub!, userName: user.userName, permissions, tokenScopes: scopes, serviceProvider, method: "bearer", actor: { name: user.userName, channel: "scim" } };
  }
  return { userId: "", userName: `application:${app.name}`, permissions: scopes, serviceProvider, method: "bearer", actor: { name: `application:${app.name}`, channel: "scim" } };
}
