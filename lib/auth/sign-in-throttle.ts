import type { Sql } from "../db/sql.ts";
import { asDateOrNull } from "../db/values.ts";
import { cacheOf } from "../db/instance-state.ts";
import type { Columns } from "../generated/tables.ts";

/**
 * Failed password sign-ins counted per (account, client address), in the database so every instance counts
 * together. After `maxFailedAttempts` failures from one address, that address is refused for that account for
 * `lockMinutes`, doubling with each further lock (at most a day); other addresses still sign in with the right
 * password, so nobody can lock an administrator out from afar. A success from the address forgets it.
 */
export interface ThrottlePolicy {
  maxFailedAttempts: number;
  lockMinutes: number;
}

const MAX_LOCK_MS = 24 * 60 * 60 * 1000;
/** an address idle this long starts afresh (its doubling too) */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

export const lockDurationMs = (policy: ThrottlePolicy, previousLocks: number) => Math.min(policy.lockMinutes * 60_000 * 2 ** Math.min(previousLocks, 20), MAX_LOCK_MS);

/** The lock of this address out of this account, if one is in force: since when and until when. */
export async function lockedUntil(sql: Sql, account: string, address: string, now = new Date()): Promise<{ since: Date; until: Date } | undefined> {
  const row = await sql.get<Columns<"SignInThrottle", "lockedUntil" | "updatedAt">>(`SELECT "lockedUntil", "updatedAt" FROM "SignInThrottle" WHERE "account" = ? AND "address" = ?`, [
    account,
    address,
  ]);
  const until = asDateOrNull(row?.lockedUntil);
  // failures are not counted while locked, so the row was last written when the lock was set
  return until && until > now ? { since: asDateOrNull(row!.updatedAt)!, until } : undefined;
}

/** Counts a failure; when it is one too many, locks the address out of the account and says until when. */
export async function recordFailure(sql: Sql, account: string, address: string, policy: ThrottlePolicy, now = new Date()): Promise<{ until: Date; locks: number } | undefined> {
  await pruneNowAndThen(sql, now);
  return sql.transaction(async (tx) => {
    // counted in SQL, so concurrent failures from several instances are all counted
    await tx.run(
      `INSERT INTO "SignInThrottle" ("account", "address", "failures", "locks", "updatedAt") VALUES (?, ?, 1, 0, ?)
       ON CONFLICT ("account", "address") DO UPDATE SET "failures" = "SignInThrottle"."failures" + 1, "updatedAt" = excluded."updatedAt"`,
      [account, address, now],
    );
    const row = await tx.get<Columns<"SignInThrottle", "failures" | "locks">>(`SELECT "failures", "locks" FROM "SignInThrottle" WHERE "account" = ? AND "address" = ?`, [account, address]);
    if (Number(row?.failures) < policy.maxFailedAttempts) return undefined;
    const locks = Number(row?.locks ?? 0);
    const until = new Date(now.getTime() + lockDurationMs(policy, locks));
    await tx.run(`UPDATE "SignInThrottle" SET "failures" = 0, "locks" = ?, "lockedUntil" = ? WHERE "account" = ? AND "address" = ?`, [locks + 1, until, account, address]);
    return { until, locks: locks + 1 };
  });
}

export async function forgetFailures(sql: Sql, account: string, address: string): Promise<void> {
  await sql.run(`DELETE FROM "SignInThrottle" WHERE "account" = ? AND "address" = ?`, [account, address]);
}

/** Rows of addresses idle for a day and not locked any more: a spray of guessed names leaves nothing behind. */
async function pruneNowAndThen(sql: Sql, now: Date): Promise<void> {
  // once per instance every PRUNE_EVERY_MS
  const pruning = cacheOf(sql.state, "sign-in-throttle-pruning", () => ({ at: 0 }));
  if (now.getTime() - pruning.at < PRUNE_EVERY_MS) return;
  pruning.at = now.getTime();
  await sql.run(`DELETE FROM "SignInThrottle" WHERE "updatedAt" < ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`, [new Date(now.getTime() - FORGET_AFTER_MS), now]);
}
