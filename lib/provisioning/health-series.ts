import type { ConnectorSummary } from "./connections.ts";
import type { HourTally, OpenEventTally } from "./outbox/health-reads.ts";
import type { HourlyCounts } from "./outbox/hourly-tallies.ts";
import type { PauseStanding } from "./outbox/pauses.ts";

// Pure: turns the outbox's tallies into each connection's health over the window. No I/O, so it is tested alone.

export const HEALTH_HOURS = 24;
const HOUR_MS = 3_600_000;

/**
 * The window's bucket boundaries: whole hours, the last bucket being the hour under way, so the chart's bars
 * line up with the clock and the newest one fills as the hour goes on. `hours + 1` instants, oldest first.
 */
export function hourBoundaries(now: Date, hours = HEALTH_HOURS): Date[] {
  const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours + 1 }, (_, i) => new Date(currentHour - (hours - 1 - i) * HOUR_MS));
}

export interface HealthPoint {
  /** the bucket's start */
  at: Date;
  successes: number;
  /** attempts that failed, whether retried later or dead */
  failures: number;
  /** attempts after which the change was given up (dead letters made in this bucket) */
  deadLetters: number;
  /** changes waiting at the bucket's end (at the time of the reading for the hour under way) */
  queueDepth: number;
}

export interface ConnectionHealth {
  connectionId: string;
  connectionName: string;
  /** the connection is enabled and at least one of its connectors is */
  enabled: boolean;
  connectorTypes: string[];
  /** the newest successful delivery, at any time */
  lastSuccessAt: Date | null;
  /** over the window */
  successes: number;
  failures: number;
  deadLetters: number;
  /** now: changes waiting for delivery, retries included */
  queueDepth: number;
  /** now: changes given up, waiting for a manual retry */
  openDeadLetters: number;
  /** a target that did not answer: nothing is sent before `until`, then one probe (the latest of its connectors) */
  pausedUntil: Date | null;
  pauseError: string | null;
  series: HealthPoint[];
}

export interface HealthInputs {
  boundaries: Date[];
  connectors: ConnectorSummary[];
  /** attempts per connector and hour, as counted when they were recorded; `settled` are those that settled their event */
  counts: HourlyCounts[];
  /** events queued since the first boundary, per hour */
  queued: HourTally[];
  open: OpenEventTally[];
  lastSuccess: Map<string, Date>;
  pauses: PauseStanding[];
}

/** The bucket an hour's tally belongs to, or -1 outside the window. */
function bucketOf(boundaries: Date[], hour: Date): number {
  const i = Math.floor((hour.getTime() - boundaries[0]!.getTime()) / HOUR_MS);
  return i >= 0 && i < boundaries.length - 1 ? i : -1;
}

/**
 * The queue's depth at the end of each bucket, from what is open now: every event waiting at that instant is
 * either still open or settled after it, and every event open or settled after it was waiting then unless
 * queued after it. So depth(t) = open now + settled after t − queued after t.
 */
export function depthSeries(openNow: number, queuedPerBucket: number[], settledPerBucket: number[]): number[] {
  const depths = new Array<number>(queuedPerBucket.length);
  let queuedAfter = 0;
  let settledAfter = 0;
  for (let i = queuedPerBucket.length - 1; i >= 0; i--) {
    depths[i] = Math.max(0, openNow + settledAfter - queuedAfter);
    queuedAfter += queuedPerBucket[i]!;
    settledAfter += settledPerBucket[i]!;
  }
  return depths;
}

/** Each connection with connectors, by name: its connectors' figures added up, bucket by bucket. */
export function connectionHealth(inputs: HealthInputs): ConnectionHealth[] {
  const buckets = inputs.boundaries.length - 1;
  const byConnection = new Map<string, ConnectionHealth>();
  const connectionOf = new Map<string, ConnectionHealth>();
  for (const c of inputs.connectors) {
    let health = byConnection.get(c.connectionId);
    if (!health) {
      health = {
        connectionId: c.connectionId,
        connectionName: c.connectionName,
        enabled: false,
        connectorTypes: [],
        lastSuccessAt: null,
        successes: 0,
        failures: 0,
        deadLetters: 0,
        queueDepth: 0,
        openDeadLetters: 0,
        pausedUntil: null,
        pauseError: null,
        series: Array.from({ length: buckets }, (_, i) => ({ at: inputs.boundaries[i]!, successes: 0, failures: 0, deadLetters: 0, queueDepth: 0 })),
      };
      byConnection.set(c.connectionId, health);
    }
    health.enabled ||= c.enabled && c.connectionEnabled;
    health.connectorTypes.push(c.type);
    connectionOf.set(c.id, health);
    const success = inputs.lastSuccess.get(c.id);
    if (success && (!health.lastSuccessAt || success > health.lastSuccessAt)) health.lastSuccessAt = success;
  }
  for (const c of inputs.counts) {
    const health = connectionOf.get(c.connectorId);
    const point = health?.series[bucketOf(inputs.boundaries, c.hour)];
    if (!health || !point) continue;
    point.successes += c.successes;
    health.successes += c.successes;
    point.failures += c.failures;
    health.failures += c.failures;
    point.deadLetters += c.deadLetters;
    health.deadLetters += c.deadLetters;
  }
  for (const o of inputs.open) {
    const health = connectionOf.get(o.connectorId);
    if (!health) continue;
    if (o.status === "dead") health.openDeadLetters += o.n;
    else health.queueDepth += o.n;
  }
  // per connection: its connectors' events add up, so their depths do
  const perBucket = (tallies: HourTally[]) => {
    const out = new Map<ConnectionHealth, number[]>();
    for (const t of tallies) {
      const health = connectionOf.get(t.connectorId);
      const i = bucketOf(inputs.boundaries, t.hour);
      if (!health || i < 0) continue;
      const counts = out.get(health) ?? new Array<number>(buckets).fill(0);
      counts[i]! += t.n;
      out.set(health, counts);
    }
    return out;
  };
  const queued = perBucket(inputs.queued);
  const settled = perBucket(inputs.counts.map((c) => ({ connectorId: c.connectorId, hour: c.hour, n: c.settled })));
  const none = new Array<number>(buckets).fill(0);
  for (const health of byConnection.values()) {
    depthSeries(health.queueDepth, queued.get(health) ?? none, settled.get(health) ?? none).forEach((depth, i) => (health.series[i]!.queueDepth = depth));
  }
  for (const p of inputs.pauses) {
    const health = connectionOf.get(p.connectorId);
    if (health && (!health.pausedUntil || p.pausedUntil > health.pausedUntil)) {
      health.pausedUntil = p.pausedUntil;
      health.pauseError = p.lastError;
    }
  }
  return [...byConnection.values()].sort((a, b) => a.connectionName.localeCompare(b.connectionName));
}
