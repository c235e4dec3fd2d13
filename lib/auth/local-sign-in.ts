import type { Db } from "../db/client.ts";
import { verifyPassword } from "./password.ts";
import { getSetting } from "../identity/settings.ts";
import { normaliseKey, splitQualifiedName, qualifyName } from "../identity/qualified-name.ts";
import { recordAudit } from "../identity/audit.ts";

export type SignInResult =
  | { ok: true; user: { id: string; userName: string; displayName: string | null } }
  | { ok: false; reason: "invalid" | "locked" | "disabled" };

/**
 * Username/password check against the identity store with account lock: after N consecutive failures the
 * account is locked for a period. Unknown users and wrong passwords give the same answer.
 */
export async function signInWithPassword(client: Db, qualifiedName: string, password: string, channel: "console" | "scim" | "oauth"): Promise<SignInResult> {
  const { domain, name } = splitQualifiedName(qualifiedName.trim());
  const user = await client.user.findFirst({
    where: { userNameKey: normaliseKey(name), store: { domain: domain ?? "PRIMARY" } },
    select: { id: true, userName: true, displayName: true, passwordHash: true, active: true, failedLogins: true, lockedUntil: true, store: { select: { domain: true } } },
  });
  if (!user || !user.passwordHash) return { ok: false, reason: "invalid" };
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: "locked" };
  const policy = await getSetting(client, "accountLock");
  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = user.failedLogins + 1;
    const lock = policy.enabled && failures >= policy.maxFailedAttempts;
    await client.user.update({
      where: { id: user.id },
      data: { failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(now.getTime() + policy.lockMinutes * 60_000) : user.lockedUntil },
    });
    if (lock) await recordAudit(client, { name: user.userName, channel }, { action: "user.locked", targetType: "User", targetId: user.id, summary: `${failures} failed sign-ins` });
    return { ok: false, reason: lock ? "locked" : "invalid" };
  }
  if (!user.active) return { ok: false, reason: "disabled" };
  if (user.failedLogins > 0 || user.lockedUntil) {
    await client.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  }
  return { ok: true, user: { id: user.id, userName: qualifyName(user.store.domain, user.userName), displayName: user.displayName } };
}
