import { createHash } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import type { Sql } from "../db/sql.ts";
import { applicationByClientId } from "../identity/applications.ts";
import { permissionsOf } from "../identity/permissions.ts";
import { inboundSettings } from "../identity/service-providers.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import type { ScimPrincipal } from "../scim-server/auth.ts";
import { config } from "../env.ts";
import { resolveSecret } from "../auth/secret.ts";
import { loadSigningKeys, publicJwk } from "./keys.ts";
import { isRevoked } from "./revocations.ts";

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

let jwks: ReturnType<typeof createLocalJWKSet> | undefined;
let kids = new Set<string>();
let keysLoadedAt = 0;

/** Public keys in memory; reloaded when a token names a key not seen yet (rotation on another instance). */
async function keySet(sql: Sql, kid: string | undefined) {
  const stale = kid !== undefined && !kids.has(kid) && Date.now() - keysLoadedAt > 1_000;
  if (!jwks || stale) {
    const keys = await loadSigningKeys(sql, config().secret ?? resolveSecret(config().dataDir));
    jwks = createLocalJWKSet({ keys: keys.map((k) => publicJwk(k.jwk)) });
    kids = new Set(keys.map((k) => k.kid));
    keysLoadedAt = Date.now();
  }
  return jwks;
}

// An RSA signature check costs more than the rest of a SCIM read: a token verified once is remembered until it
// expires. Only the exact token string hits the cache, and revocation is still checked on every request.
const verified = new Map<string, AccessTokenClaims>();
const MAX_VERIFIED = 10_000;

/** RFC 9068 access token for the SCIM API: signature, issuer, audience, expiry and type, all in memory. */
export async function verifyAccessToken(sql: Sql, baseUrl: string, token: string): Promise<AccessTokenClaims> {
  const known = verified.get(token);
  if (known) {
    if ((known.exp ?? 0) * 1000 > Date.now()) return known;
    verified.delete(token);
  }
  const { kid } = decodeProtectedHeader(token);
  const { payload } = await jwtVerify(token, await keySet(sql, kid), { issuer: baseUrl, audience: `${baseUrl}/scim2`, typ: "at+jwt", algorithms: ["RS256"] });
  if (typeof payload.client_id !== "string") throw new Error("access token without client_id");
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(token, payload as AccessTokenClaims);
  return payload as AccessTokenClaims;
}

interface AppEntry {
  at: number;
  app: Awaited<ReturnType<typeof applicationByClientId>>;
}
const apps = new Map<string, AppEntry>();
const APP_TTL_MS = 3_000;

/** `notBefore`: a cached entry read before this instant (ms) is too old to judge the token at hand. */
async function application(sql: Sql, clientId: string, notBefore = 0) {
  const hit = apps.get(clientId);
  if (hit && Date.now() - hit.at < APP_TTL_MS && hit.at >= notBefore) return hit.app;
  const app = await applicationByClientId(sql, clientId);
  apps.set(clientId, { at: Date.now(), app });
  return app;
}

const userCache = new Map<string, { at: number; userName: string; active: boolean; permissions: Set<string> }>();

async function tokenUser(sql: Sql, userId: string) {
  const hit = userCache.get(userId);
  if (hit && Date.now() - hit.at < APP_TTL_MS) return hit;
  const [user] = await loadUsers(sql, [userId]);
  const entry = { at: Date.now(), userName: user?.userName ?? "", active: Boolean(user?.active && !user.locked), permissions: user ? await permissionsOf(sql, userId) : new Set<string>() };
  userCache.set(userId, entry);
  return entry;
}

/**
 * Turns a bearer token into the SCIM principal: the application that owns the client id decides the inbound
 * settings; the token's scopes are the permissions (for a token issued to a user, only those the user also
 * holds). Revocation, a regenerated secret or a deleted application end the token at once on this instance and
 * within seconds on the others.
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
  let app = await application(sql, claims.client_id);
  if (!app) return undefined;
  if (typeof claims.sv === "string") {
    // a token newer than the cached application may carry the fingerprint of a secret regenerated since
    if (claims.sv !== secretFingerprint(app.clientSecretHash)) app = await application(sql, claims.client_id, ((claims.iat ?? 0) + 1) * 1000);
    if (!app || claims.sv !== secretFingerprint(app.clientSecretHash)) return undefined;
  } else if (app.tokensNotBefore && (claims.iat ?? 0) * 1000 < app.tokensNotBefore.getTime()) {
    return undefined;
  }
  const serviceProvider = await inboundSettings(sql, app.id);
  if (!serviceProvider) return undefined;
  const scopes = new Set(String(claims.scope ?? "").split(" ").filter(Boolean));
  const isUserToken = typeof claims.sub === "string" && claims.sub !== claims.client_id;
  if (isUserToken) {
    const user = await tokenUser(sql, claims.sub!);
    if (!user.active) return undefined;
    const permissions = new Set([...scopes].filter((s) => user.permissions.has(s)));
    return { userId: claims.sub!, userName: user.userName, permissions, tokenScopes: scopes, serviceProvider, method: "bearer", actor: { name: user.userName, channel: "scim" } };
  }
  return { userId: "", userName: `application:${app.name}`, permissions: scopes, serviceProvider, method: "bearer", actor: { name: `application:${app.name}`, channel: "scim" } };
}
