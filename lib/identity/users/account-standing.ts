import type { SqlExecutor } from "../../db/sql.ts";
import { asBool, asDateOrNull } from "../../db/values.ts";
import { PRIMARY_DOMAIN, normaliseKey } from "../qualified-name.ts";
import type { Columns } from "../../generated/tables.ts";

/** What a password sign-in needs to know of an account. */
export interface SignInAccount {
  id: string;
  userName: string;
  displayName: string | null;
  domain: string;
  passwordHash: string | null;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  passwordChangedAt: Date | null;
}

/** The account a user name names in a user store domain (PRIMARY when none is given). */
export async function accountForSignIn(exec: SqlExecutor, domain: string | undefined, name: string): Promise<SignInAccount | undefined> {
  const row = await exec.get<Record<string, unknown>>(
    `SELECT u."id", u."userName", u."displayName", u."passwordHash", u."active", u."failedLogins", u."lockedUntil", u."passwordChangedAt", s."domain"
     FROM "User" u JOIN "UserStore" s ON s."id" = u."storeId" WHERE u."userNameKey" = ? AND s."domain" = ?`,
    [normaliseKey(name), domain ?? PRIMARY_DOMAIN],
  );
  if (!row) return undefined;
  return {
    id: String(row.id),
    userName: String(row.userName),
    displayName: row.displayName === null || row.displayName === undefined ? null : String(row.displayName),
    domain: String(row.domain),
    passwordHash: row.passwordHash === null || row.passwordHash === undefined ? null : String(row.passwordHash),
    active: asBool(row.active),
    failedLogins: Number(row.failedLogins),
    lockedUntil: asDateOrNull(row.lockedUntil),
    passwordChangedAt: asDateOrNull(row.passwordChangedAt),
  };
}

/** A successful sign-in clears the account's failure count and lock. */
export async function clearSignInFailures(exec: SqlExecutor, userId: string): Promise<void> {
  await exec.run(`UPDATE "User" SET "failedLogins" = 0, "lockedUntil" = NULL WHERE "id" = ?`, [userId]);
}

/** Whether an account may still act on credentials it proved earlier: its password hash, and whether it is active and not locked. */
export interface AccountStanding {
  passwordHash: string | null;
  active: boolean;
  lockedUntil: Date | null;
}

export async function accountStanding(exec: SqlExecutor, userId: string): Promise<AccountStanding | undefined> {
  const row = await exec.get<Columns<"User", "passwordHash" | "active" | "lockedUntil">>(`SELECT "passwordHash", "active", "lockedUntil" FROM "User" WHERE "id" = ?`, [userId]);
  return row ? { passwordHash: row.passwordHash ?? null, active: asBool(row.active), lockedUntil: asDateOrNull(row.lockedUntil) } : undefined;
}

/** An account that is active and not locked at `now`. */
export function inGoodStanding(standing: AccountStanding | undefined, now = new Date()): standing is AccountStanding {
  return !!standing && standing.active && !(standing.lockedUntil && standing.lockedUntil > now);
}
