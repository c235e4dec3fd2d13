import { credentialsChanged } from "../identity/users/credential-changes.ts";
import type { Sql } from "../db/sql.ts";
import { accountForSignIn, clearSignInFailures } from "../identity/users/account-standing.ts";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../crypto/password.ts";
import { getSetting } from "../identity/settings.ts";
import { normaliseKey, splitQualifiedName, qualifyName, PRIMARY_DOMAIN } from "../identity/qualified-name.ts";
import { recordAudit } from "../identity/audit.ts";
import { log } from "../log.ts";
import { forgetFailures, lockedUntil, recordFailure } from "./sign-in-throttle.ts";

export type SignInResult = { ok: true; user: { id: string; userName: string; displayName: string | null } } | { ok: false; reason: "invalid" | "locked" | "disabled" };

/** The name a sign-in is throttled under: the account it names, whether or not one exists. */
export function throttleAccount(qualifiedName: string): string {
  const { domain, name } = splitQualifiedName(qualifiedName.trim());
  // U+0000 cannot be part of a stored name, and PostgreSQL refuses it as a query parameter
  return `${domain ?? PRIMARY_DOMAIN}/${normaliseKey(name)}`.replace(/\u0000/g, "\uFFFD").slice(0, 300);
}

/**
 * Username/password check against the identity store, the one every password sign-in goes through (console,
 * SCIM and admin API Basic authentication, the OAuth sign-in page).
 *
 * A name without an account answers exactly as a wrong password does, in about the same time: the password is
 * checked against a dummy hash, and the failure is counted and locked per (account, client address) the same way
 * (sign-in-throttle.ts). Whether an account is disabled or locked by an administrator is said only to someone
 * who gave its password.
 */
export async function signInWithPassword(sql: Sql, qualifiedName: string, password: string, channel: "console" | "scim" | "oauth", address: string): Promise<SignInResult> {
  const { domain, name } = splitQualifiedName(qualifiedName.trim());
  const account = throttleAccount(qualifiedName);
  const policy = await getSetting(sql, "accountLock");
  const user = /\u0000/.test(name + (domain ?? "")) ? undefined : await accountForSignIn(sql, domain, name);
  const now = new Date();
  if (policy.enabled) {
    const lock = await lockedUntil(sql, account, address, now);
    // a password an administrator set since the lock lifts it, as resetting a locked account always did
    const reset = user && lock && (user.passwordChangedAt?.getTime() ?? 0) > lock.since.getTime();
    if (lock && !reset) return { ok: false, reason: "locked" };
    if (lock) await forgetFailures(sql, account, address);
  }
  const matches = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
  if (!user?.passwordHash || !matches) {
    if (policy.enabled) {
      const lock = await recordFailure(sql, account, address, policy, now);
      if (lock) {
        log.warn({ account, address, until: lock.until.toISOString(), lockNumber: lock.locks, channel }, "sign-in locked for this account from this address");
        if (user) {
          await recordAudit(
            sql,
            { name: user.userName, channel },
            { action: "user.locked", targetType: "User", targetId: user.id, summary: `${policy.maxFailedAttempts} failed sign-ins from ${address}` },
          );
          credentialsChanged(sql);
        }
        return { ok: false, reason: "locked" };
      }
    }
    return { ok: false, reason: "invalid" };
  }
  // a lock on the account itself (lockedUntil) holds for every address
  const accountLock = user.lockedUntil;
  if (accountLock && accountLock > now) return { ok: false, reason: "locked" };
  if (!user.active) return { ok: false, reason: "disabled" };
  if (policy.enabled) await forgetFailures(sql, account, address);
  if (user.failedLogins > 0 || accountLock) await clearSignInFailures(sql, user.id);
  return { ok: true, user: { id: user.id, userName: qualifyName(user.domain, user.userName), displayName: user.displayName } };
}
