import { ConnectorError } from "./connectors/types.ts";

/**
 * A connector's target that does not answer is paused as a whole, in the database so every instance sharing it
 * holds back alike (the TargetPause row). While paused nothing is sent to it; when the pause ends one delivery,
 * the probe, tries the target for all the changes queued for it, which wait untried and spend no attempts.
 * A failed probe doubles the pause (up to a cap); the first answer from the target ends it. The rows themselves are
 * kept by the outbox store (outbox/pauses.ts).
 */

/** A target that comes back is found within this long: one probe a minute costs the target nothing. */
export const MAX_PAUSE_MS = 60_000;

export interface PausePolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The pause after `failures` failed tries in a row: the retry policy's base delay, doubled with each failure,
 * capped at the lesser of its maximum and a minute. It depends on the target's history only, never on the
 * attempts of the change that happened to be tried.
 */
export function pauseLength(failures: number, policy: PausePolicy): number {
  const cap = Math.min(policy.maxDelayMs, MAX_PAUSE_MS);
  return Math.max(0, Math.min(cap, policy.baseDelayMs * 2 ** Math.max(0, failures - 1)));
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

/** Whether the target answered for itself: its answer ends a pause, even when it refused the object. */
export function targetAnswered(err: unknown): boolean {
  return err instanceof ConnectorError && err.options.httpStatus !== undefined && !meansTargetUnavailable(err);
}

/** What a delivery may do before it sends: go (no pause), probe the target for all, or wait untried. */
export type Gate = { kind: "open" } | { kind: "probe"; token: string } | { kind: "held"; until: Date; probing: boolean };
