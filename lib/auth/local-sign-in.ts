import { credentialsChanged } from "../identity/users/credential-changes.ts";
import type { Sql } from "../db/sql.ts";
import { asBool, asDateOrNull } from "../db/values.ts";
import { verifyPassword } from "./password.ts";
import { getSetting } from "../identity/settings.ts";
import { normaliseKey, splitQualifiedName, qualifyName } from "../identity/qualified-name.ts";
import { recordAudit } from "../identity/audit.ts";
import { endUserSessions } from "./console-sessions.ts";

export type SignInResult =
  | { ok: true; user: { id: string; userName: string; displayName: string | null } }
  | { ok: false; reason: "invalid" | "locked" | "disabled" };

/**
 * Username/password check against the identity store with account lock: after N consecutive failures the
 * account is locked for a period. Unknown users and wrong passwords give the same answer.
 */
export async function signInWithPassword(sql: Sql, qualifiedName: string, password: string, channel: "console" | "scim" | "oauth"): Promise<SignInResult> {
  const { domain, name } = splitQualifiedName(qualifiedName.trim());
  const user = await sql.get<{ id: string; userName: string; displayName: string | null; passwordHash: string | null; active: unknown; failedLogins: number; lockedUntil: unknown; domain: string }>(
    `SELECT u."id", u."userName", u."displayName", u."passwordHash", u."active", u."failedLogins", u."lockedUntil", s."domain"
     FROM "User" u JOIN "UserStore" s ON s."id" = u."storeId" WHERE u."userNameKey" = ? AND s."domain" = ?`,
    [normaliseKey(name), domain ?? "PRIMARY"],
  );
  if (!user || !user.passwordHash) return { ok: false, reason: "invalid" };
  const now = new Date();
  const lockedUntil = asDateOrNull(user.lockedUntil);
  if (lockedUntil && lockedUntil > now) return { ok: false, reason: "locked" };
  const policy = await getSetting(sql, "accountLock");
  if (!(await verifyPassword(user.passwordHash, password))) {
    // counted in SQL so concurrent failures are all counted
    const lockAt = new Date(now.getTime() + policy.lockMinutes * 60_000);
    const locked = await sql.transaction(async (tx) => {
      await tx.run(`UPDATE "User" SET "failedLogins" = "failedLogins" + 1 WHERE "id" = ?`, [user.id]);
      const row = await tx.get<{ failedLogins: number }>(`SELECT "failedLogins" FROM "User" WHERE "id" = ?`, [user.id]);
      if (!policy.enabled || Number(row?.failedLogins) < policy.maxFailedAttempts) return false;
      await tx.run(`UPDATE "User" SET "failedLogins" = 0, "lockedUntil" = ? WHERE "id" = ?`, [lockAt, user.id]);
      // a lock also ends the sessions already open: someone may be guessing because they hold one elsewhere
      await endUserSessions(tx, user.id);
      await recordAudit(tx, { name: user.userName, channel }, { action: "user.locked", targetType: "User", targetId: user.id, summary: `${policy.maxFailedAttempts} failed sign-ins` });
      return true;
    });
    if (locked) credentialsChanged();
    return { ok: false, reason: locked ? "locked" : "invalid" };
  }
  if (!asBool(user.active)) return { ok: false, reason: "disabled" };
  if (Number(user.failedLogins) > 0 || lockedUntil) {
    await sql.run(`UPDATE "User" SET "failedLogins" = 0, "lockedUntil" = NULL WHERE "id" = ?`, [user.id]);
  }
  return { ok: true, user: { id: user.id, userName: qualifyName(user.domain, user.userName), displayName: user.displayName } };
}
