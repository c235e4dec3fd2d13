import type { SqlExecutor } from "../db/sql.ts";
import { ConnectorError } from "./connectors/types.ts";

// answers that speak for the whole target rather than for one object
const UNAVAILABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Whether a failed delivery says the target as a whole is unreachable or refusing work for now: a transport
 * failure (connection refused, DNS, TLS, timeout: no HTTP answer at all), or 429/502/503/504. A 500 or a 4xx
 * is about the object sent, so it never holds back the other objects.
 */
export function meansTargetUnavailable(err: unknown): boolean {
  if (!(err instanceof ConnectorError) || !err.options.retryable) return false;
  return err.options.httpStatus === undefined || UNAVAILABLE_STATUSES.has(err.options.httpStatus);
}

/**
 * Holds back a connector's queued events until the failed one is retried: instead of each queued change
 * waiting out its own timeout against a target that is down (a thousand changes, a thousand timeouts, every
 * delivery lane busy while other targets wait), the first failure stands for all of them and none of them
 * spends an attempt. Order is kept: a deferred event still blocks later changes to the same entity.
 */
export async function deferConnector(tx: SqlExecutor, connectorId: string, until: Date): Promise<number> {
  return tx.run(`UPDATE "OutboxEvent" SET "nextAttemptAt" = ? WHERE "connectorId" = ? AND "status" = 'pending' AND "nextAttemptAt" < ?`, [until, connectorId, until]);
}

/** Gives a claimed event back to the queue untried, due at `until` (its target was found unavailable meanwhile). */
export async function releaseUntried(tx: SqlExecutor, seq: number, owner: string, until: Date): Promise<void> {
  await tx.run(`UPDATE "OutboxEvent" SET "status" = 'pending', "lockedBy" = NULL, "lockedUntil" = NULL, "nextAttemptAt" = ? WHERE "seq" = ? AND "status" = 'in_flight' AND "lockedBy" = ?`, [
    until,
    seq,
    owner,
  ]);
}
