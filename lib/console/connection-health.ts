import type { ConnectionHealth } from "../provisioning/health-series.ts";

/** A connection's health as the admin API's JSON carries it. */
export type ConnectionHealthJson = Omit<ConnectionHealth, "lastSuccessAt" | "pausedUntil" | "series"> & {
  lastSuccessAt: string | null;
  pausedUntil: string | null;
  series: { at: string; successes: number; failures: number; deadLetters: number; queueDepth: number }[];
};

export type HealthTone = "ok" | "warning" | "failing" | "off";

/** How a connection's provisioning reads at a glance: a word for its state and the figures behind it. */
export interface HealthSummary {
  tone: HealthTone;
  state: string;
  details: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Pure: the state word says what needs attention first (disabled, paused, dead letters waiting for a manual retry,
 * failures, a queue), the details give the last success and the day's figures.
 */
export function healthSummary(health: ConnectionHealthJson | undefined, connectionEnabled: boolean, time: (at: Date) => string, now = new Date()): HealthSummary {
  if (!health) return { tone: connectionEnabled ? "ok" : "off", state: connectionEnabled ? "Enabled" : "Disabled", details: ["No outbound connectors"] };
  const details = [
    health.lastSuccessAt ? `Last success ${time(new Date(health.lastSuccessAt))}` : "Never delivered",
    `${plural(health.failures, "failure")} and ${plural(health.deadLetters, "dead letter")} in 24 h`,
  ];
  if (health.queueDepth) details.push(`${plural(health.queueDepth, "change")} queued`);
  if (!connectionEnabled || !health.enabled) return { tone: "off", state: "Disabled", details };
  if (health.pausedUntil) {
    const until = new Date(health.pausedUntil);
    return { tone: "failing", state: until > now ? `Paused until ${time(until)}` : "Paused, probing", details };
  }
  if (health.openDeadLetters) return { tone: "failing", state: `${plural(health.openDeadLetters, "dead letter")} to retry`, details };
  if (health.failures) return { tone: "warning", state: "Failing at times", details };
  return { tone: "ok", state: "Healthy", details };
}
