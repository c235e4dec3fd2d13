import type { ApiRequest } from "../server/exchange.ts";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Sql, SqlExecutor } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";
import { ScimError } from "../scim/errors.ts";
import { signInWithPassword, throttleAccount } from "../auth/local-sign-in.ts";
import { lockedUntil } from "../auth/sign-in-throttle.ts";
import { clientAddressFrom } from "../server/client-address.ts";
import { permissionsOf } from "../identity/permissions.ts";
import { inboundSettings, type InboundSettings } from "../identity/service-providers.ts";
import type { Actor } from "../identity/audit.ts";
import { credentialsEpoch } from "../identity/users/credential-changes.ts";
import { accountStanding, inGoodStanding } from "../identity/users/account-standing.ts";

/** Who is calling, what they may do, and which service provider's inbound settings apply. */
export interface ScimPrincipal {
  userId: string;
  userName: string;
  permissions: Set<string>;
  serviceProvider: InboundSettings;
  method: "basic" | "bearer";
  actor: Actor;
  /** a token issued to a user: the scopes the user consented to, which bound what it may do to their own account */
  tokenScopes?: Set<string>;
  /** set by authenticate when tokenScopes lack what this request would do to the caller's own account */
  selfDenied?: string;
}

// /Me needs no role (the user acts on their own account), but a client acting for the user gets only what the
// user consented to: a token to read the account must not change or delete it
const SELF_SCOPE: Record<string, string> = {
  GET: "internal_user_mgt_view",
  HEAD: "internal_user_mgt_view",
  PUT: "internal_user_mgt_update",
  PATCH: "internal_user_mgt_update",
  DELETE: "internal_user_mgt_delete",
};

/**
 * Bearer tokens are validated by a verifier the composition root registers on the instance (the OAuth
 * provider's); without one, bearer requests are refused like any invalid token.
 */
export type BearerVerifier = (token: string) => Promise<ScimPrincipal | undefined>;
export function registerBearerVerifier(sql: SqlExecutor, verifier: BearerVerifier) {
  bearerWiring(sql).verifier = verifier;
}

const bearerWiring = (exec: SqlExecutor) => cacheOf(exec.state, "bearer-verifier", () => ({ verifier: undefined as BearerVerifier | undefined }));

/** The verifier registered on this instance, if any. */
export const bearerVerifierOf = (exec: SqlExecutor): BearerVerifier | undefined => bearerWiring(exec).verifier;

// Verified Basic credentials are remembered briefly so a busy client does not cost an argon2 hash per request.
// An entry is keyed by a hash of the credentials and the client address (a lock holds per account and address)
// and remembers the password hash it was verified against. The account row and the address's lock are read again
// at most once per RECHECK_MS: a password change, deactivation, deletion or lock made in this process invalidates
// at once (credentialsChanged), one made by another instance within RECHECK_MS.
interface CachedCredential {
  userId: string;
  /** the sign-in throttle's account name and the client address the credential was verified from */
  account: string;
  address: string;
  /** qualified, as the sign-in returned it */
  userName: string;
  passwordHash: string;
  expires: number;
  checkedAt: number;
  epoch: number;
}
const credentialCacheOf = (sql: SqlExecutor) => cacheOf(sql.state, "scim-credentials", () => new Map<string, CachedCredential>());
const CREDENTIAL_TTL_MS = 60_000;
const RECHECK_MS = 1_000;
const MAX_CACHED = 10_000;

const permissionCacheOf = (sql: SqlExecutor) => cacheOf(sql.state, "scim-permissions", () => new Map<string, { at: number; permissions: Set<string> }>());
const PERMISSION_TTL_MS = 5_000;

export function invalidateAuthCaches(sql: SqlExecutor) {
  credentialCacheOf(sql).clear();
  permissionCacheOf(sql).clear();
}

/** After a change to roles or group memberships: permissions are re-read, credentials stay remembered. */
export function invalidatePermissions(sql: SqlExecutor) {
  permissionCacheOf(sql).clear();
}

const unauthorized = (detail: string) => new ScimError(401, detail);

async function permissionsCached(sql: Sql, userId: string): Promise<Set<string>> {
  const permissionCache = permissionCacheOf(sql);
  const hit = permissionCache.get(userId);
  if (hit && Date.now() - hit.at < PERMISSION_TTL_MS) return hit.permissions;
  const permissions = await permissionsOf(sql, userId);
  permissionCache.set(userId, { at: Date.now(), permissions });
  return permissions;
}

async function basicUser(sql: Sql, encoded: string, address: string): Promise<{ id: string; userName: string }> {
  let decoded: string;
  try {
    decoded = Buffer.from(encoded, "base64").toString("utf8");
  } catch {
    throw unauthorized("Malformed Basic credentials");
  }
  const colon = decoded.indexOf(":");
  // U+0000 cannot be part of a stored name, and PostgreSQL refuses it as a query parameter
  if (colon <= 0 || decoded.includes("\u0000")) throw unauthorized("Malformed Basic credentials");
  const userName = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const key = createHash("sha256").update(address).update("\u0000").update(decoded).digest("base64");
  const credentialCache = credentialCacheOf(sql);
  const cached = credentialCache.get(key);
  const now = Date.now();
  if (cached && cached.expires > now) {
    if (await stillValid(sql, cached, now)) return { id: cached.userId, userName: cached.userName };
    credentialCache.delete(key);
  }
  const epoch = credentialsEpoch(sql);
  const result = await signInWithPassword(sql, userName, password, "scim", address);
  // the same words for a name without an account as for a real one (local-sign-in.ts answers them alike)
  if (!result.ok)
    throw unauthorized(
      result.reason === "locked" ? "Too many failed sign-ins: this account is locked for this client for a while" : result.reason === "disabled" ? "The account is disabled" : "Invalid credentials",
    );
  const standing = await accountStanding(sql, result.user.id);
  if (credentialCache.size >= MAX_CACHED) credentialCache.delete(credentialCache.keys().next().value!);
  credentialCache.set(key, {
    userId: result.user.id,
    userName: result.user.userName,
    account: throttleAccount(userName),
    address,
    passwordHash: standing!.passwordHash!,
    expires: Date.now() + CREDENTIAL_TTL_MS,
    checkedAt: Date.now(),
    epoch,
  });
  return { id: result.user.id, userName: result.user.userName };
}

/**
 * A remembered credential holds as it is within RECHECK_MS of its last check while no local write changed
 * credentials; otherwise the account is read again: same password hash, active, not locked.
 */
async function stillValid(sql: Sql, cached: CachedCredential, now: number): Promise<boolean> {
  const epoch = credentialsEpoch(sql);
  if (now - cached.checkedAt < RECHECK_MS && cached.epoch === epoch) return true;
  const standing = await accountStanding(sql, cached.userId);
  if (!inGoodStanding(standing) || !standing.passwordHash || !sameText(standing.passwordHash, cached.passwordHash)) return false;
  if (await lockedUntil(sql, cached.account, cached.address)) return false;
  cached.checkedAt = now;
  cached.epoch = epoch;
  return true;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function authenticate(sql: Sql, request: ApiRequest): Promise<ScimPrincipal> {
  const header = request.headers.get("authorization");
  if (!header) throw unauthorized("Authentication required: use HTTP Basic or an OAuth 2.0 bearer token");
  const space = header.indexOf(" ");
  const scheme = header.slice(0, space).toLowerCase();
  const credentials = header.slice(space + 1).trim();
  if (scheme === "bearer") {
    const verifier = bearerWiring(sql).verifier;
    const principal = verifier ? await verifier(credentials) : undefined;
    if (!principal) throw unauthorized("Invalid or expired access token");
    const selfScope = SELF_SCOPE[request.method.toUpperCase()] ?? "";
    return principal.tokenScopes && !principal.tokenScopes.has(selfScope) ? { ...principal, selfDenied: selfScope || request.method } : principal;
  }
  if (scheme !== "basic") throw unauthorized(`Unsupported authentication scheme "${scheme}"`);
  const user = await basicUser(sql, credentials, clientAddressFrom(request.headers));
  const serviceProvider = await inboundSettings(sql);
  if (!serviceProvider) throw new ScimError(500, "The resident service provider is missing");
  return {
    userId: user.id,
    userName: user.userName,
    permissions: await permissionsCached(sql, user.id),
    serviceProvider,
    method: "basic",
    actor: { name: user.userName, channel: "scim" },
  };
}

/** "self" is the /Me case: the operation targets the caller's own account. */
export function requirePermission(principal: ScimPrincipal, permission: string): void {
  if (permission === "self") {
    if (principal.selfDenied) throw new ScimError(403, `Operation not permitted: the access token's scopes do not include ${principal.selfDenied}`);
    return;
  }
  if (!principal.permissions.has(permission)) throw new ScimError(403, `Operation not permitted: requires ${permission}`);
}
