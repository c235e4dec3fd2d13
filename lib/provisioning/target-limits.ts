import type { SqlExecutor } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";
import { onConnectorChange } from "./connections.ts";
import { policiesOfConnectors } from "./connection-policy.ts";
import { NO_LIMITS, RequestLimiter, type RequestLimits } from "./rate-limiter.ts";

// Another instance's change of a connection's limits reaches this one within this long; a change saved here at once.
const LIMITS_TTL_MS = 5_000;

/** The instance's limiter: the worker's lanes and blocking deliveries share it, so both count toward the limits. */
export const limiterOf = (exec: SqlExecutor): RequestLimiter => cacheOf(exec.state, "request-limiter", () => new RequestLimiter());

interface Cached {
  limits: RequestLimits;
  until: number;
}

function limitsCache(exec: SqlExecutor): Map<string, Cached> {
  return cacheOf(exec.state, "request-limits", () => {
    const cache = new Map<string, Cached>();
    onConnectorChange(exec, () => cache.clear());
    return cache;
  });
}

/** Each connector's request limits (its connection's settings), read at most every few seconds. */
export async function limitsOfConnectors(exec: SqlExecutor, connectorIds: string[], now = Date.now()): Promise<Map<string, RequestLimits>> {
  const cache = limitsCache(exec);
  const stale = [...new Set(connectorIds)].filter((id) => (cache.get(id)?.until ?? 0) <= now);
  if (stale.length) {
    const policies = await policiesOfConnectors(exec, stale);
    for (const id of stale) {
      const p = policies.get(id)?.policy;
      cache.set(id, { limits: p ? { maxConcurrent: p.maxConcurrentRequests, perSecond: p.maxRequestsPerSecond } : NO_LIMITS, until: now + LIMITS_TTL_MS });
    }
  }
  return new Map(connectorIds.map((id) => [id, cache.get(id)?.limits ?? NO_LIMITS]));
}

/** The most events of a limited target one instance holds claimed at a time: about a second's worth, at least two. */
export function localBacklogCap(limits: RequestLimits): number {
  const byRate = limits.perSecond !== null ? Math.ceil(limits.perSecond) : Infinity;
  const byConcurrency = limits.maxConcurrent !== null ? limits.maxConcurrent * 2 : Infinity;
  return Math.max(2, Math.min(byRate, byConcurrency));
}

export const isLimited = (limits: RequestLimits) => limits.maxConcurrent !== null || limits.perSecond !== null;
