import type { SqlExecutor } from "../db/sql.ts";
import { connectorSummaries } from "./connections.ts";
import { connectionHealth, hourBoundaries, type ConnectionHealth } from "./health-series.ts";
import { listAttempts, type AttemptView } from "./log.ts";
import { lastSuccesses, openEventTallies, queuedTallies } from "./outbox/health-reads.ts";
import { hourlyCounts } from "./outbox/hourly-tallies.ts";
import { standingPauses } from "./outbox/pauses.ts";

export const RECENT_FAILURES = 10;

export interface ProvisioningHealth {
  /** the window: from the first bucket's start to the end of the hour under way */
  since: Date;
  until: Date;
  generatedAt: Date;
  connections: ConnectionHealth[];
  /** the newest failed attempts of the window whose change has not reached its target since */
  recentFailures: AttemptView[];
}

/** Every connection's outbound provisioning over the last day, hour by hour, and the failures still open. */
export async function provisioningHealth(exec: SqlExecutor, now = new Date()): Promise<ProvisioningHealth> {
  const boundaries = hourBoundaries(now);
  const since = boundaries[0]!;
  const connectors = await connectorSummaries(exec);
  const [counts, queued, open, lastSuccess, pauses, failures] = await Promise.all([
    hourlyCounts(exec, since),
    queuedTallies(exec, since),
    openEventTallies(exec),
    lastSuccesses(
      exec,
      connectors.map((c) => c.id),
    ),
    standingPauses(exec),
    listAttempts(exec, { status: ["retrying", "dead"], openOnly: true, since, count: RECENT_FAILURES }),
  ]);
  return {
    since,
    until: boundaries.at(-1)!,
    generatedAt: now,
    connections: connectionHealth({ boundaries, connectors, counts, queued, open, lastSuccess, pauses }),
    recentFailures: failures.items,
  };
}
