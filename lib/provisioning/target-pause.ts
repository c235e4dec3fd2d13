import type { SqlExecutor } from "../db/sql.ts";
import { ConnectorError } from "./connectors/types.ts";

// Kept on globalThis: the server and Next's bundles load separate copies of this module.
const g = globalThis as typeof globalThis & { __provisioTargetPauses?: Map<string, number> };
const pauses = (g.__provisioTargetPauses ??= new Map());

/**
 * Remembers in this process until when a connector's target is held back, so changes queued meanwhile are
 * due then too instead of each trying the target once more (another instance learns it from its own first
 * failure).
 */
export function notePause(connectorId: string, until: Date): void {
  pauses.set(connectorId, until.getTime());
}

/** Until when this connector's target is held back, if it is now. */
export function pausedUntil(connectorId: string, now = Date.now()): Date | undefined {
  const until = pauses.get(connectorId);
  if (until === undefined) return undefined;
  if (until <= now) {
    pauses.delete(connectorId);
    return undefined;
  }
  return new Date(until);
}

/** When a change queued now for this connector is due: now, or the end of the connector's pause. */
export function dueTime(connectorId: string, now: Date): Date {
  return pausedUntil(connectorId, now.getTime()) ?? now;
}

/** "Retry now": the pause ends at once, for one connector or all. */
export function endPauses(connectorId?: string): void {
  if (connectorId) pauses.delete(connectorId);
  else pauses.clear();
}

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
