import { randomBytes } from "node:crypto";
import type { Sql, SqlExecutor } from "../../db/sql.ts";
import { asDate } from "../../db/values.ts";
import { accountStanding, inGoodStanding } from "./account-standing.ts";
import type { Columns } from "../../generated/tables.ts";

/**
 * Console sessions, one UserSession row each. The session cookie (a JWT) names its row and every request reads
 * it from the database, an indexed point read: several instances share one database, so a sign-out or a
 * revocation on one of them holds on all the others at the next request, with no cache to wait for.
 */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
const MAX_AGE_MS = SESSION_MAX_AGE_SECONDS * 1000;
// a session in use moves its end forward, as the cookie does, but writes at most once this often
const SLIDE_EVERY_MS = 15 * 60 * 1000;

/** Records a new session of a user who just signed in and returns its id; expired sessions are swept here. */
export async function startConsoleSession(sql: Sql, userId: string, now = new Date()): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await sql.run(`DELETE FROM "UserSession" WHERE "expiresAt" < ?`, [now]);
  await sql.run(`INSERT INTO "UserSession" ("id", "userId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?)`, [id, userId, now, new Date(now.getTime() + MAX_AGE_MS)]);
  return id;
}

/**
 * Whether a session still holds: its row exists and has not expired, and its user is active and not locked
 * (checked here too, so a change that forgot to end the sessions still cannot keep them alive).
 */
export async function consoleSessionIsLive(sql: Sql, sessionId: string, userId: string, now = new Date()): Promise<boolean> {
  const row = await sql.get<Columns<"UserSession", "expiresAt">>(`SELECT "expiresAt" FROM "UserSession" WHERE "id" = ? AND "userId" = ?`, [sessionId, userId]);
  if (!row) return false;
  const expiresAt = asDate(row.expiresAt);
  if (expiresAt <= now || !inGoodStanding(await accountStanding(sql, userId), now)) return false;
  if (expiresAt.getTime() - now.getTime() < MAX_AGE_MS - SLIDE_EVERY_MS) {
    await sql.run(`UPDATE "UserSession" SET "expiresAt" = ? WHERE "id" = ?`, [new Date(now.getTime() + MAX_AGE_MS), sessionId]);
  }
  return true;
}

/** Sign-out: this session only; the user's other browsers stay signed in. */
export async function endConsoleSession(sql: SqlExecutor, sessionId: string): Promise<void> {
  await sql.run(`DELETE FROM "UserSession" WHERE "id" = ?`, [sessionId]);
}

/**
 * Every session of a user: after a new password, a lock or a deactivation. Takes the write's transaction, so
 * the sessions end exactly when the change commits.
 */
export async function endUserSessions(tx: SqlExecutor, userId: string): Promise<void> {
  await tx.run(`DELETE FROM "UserSession" WHERE "userId" = ?`, [userId]);
}
