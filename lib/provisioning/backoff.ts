export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/**
 * Delay before attempt `attempt + 1`: exponential from the base, capped, with ±20% jitter so a target that comes
 * back is not hit by every queued change in the same instant.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jitter = exponential * 0.2 * (random() * 2 - 1);
  return Math.max(0, Math.round(exponential + jitter));
}
